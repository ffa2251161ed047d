package io.kubepolicycheck.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Corpus files: from the classpath (the repo's fixed corpus) or, when {@code corpusDir} is set, from a folder. */
final class Corpus {
    private Corpus() {
    }

    /**
     * A corpus run as one job, every file once: its documents over the time of one parse-only (or check)
     * operation per file, so a file counts by the time it takes, as in a CI job that checks them all.
     */
    static final class Totals {
        int docs;
        double parseSeconds;
        double checkSeconds;
        double parseBytes;
        double checkBytes;

        /** One file: its documents, operations per second of each benchmark, bytes allocated per operation. */
        void add(int fileDocs, double parseOpsPerSecond, double checkOpsPerSecond, double parseOpBytes, double checkOpBytes) {
            docs += fileDocs;
            parseSeconds += 1 / parseOpsPerSecond;
            checkSeconds += 1 / checkOpsPerSecond;
            parseBytes += parseOpBytes;
            checkBytes += checkOpBytes;
        }

        double parseDocsPerSecond() {
            return docs / parseSeconds;
        }

        double checkDocsPerSecond() {
            return docs / checkSeconds;
        }
    }

    /** The names of a folder's .yaml, .yml and .json files, sorted. */
    static String[] manifests(String corpusDir) throws IOException {
        try (var list = Files.list(Path.of(corpusDir))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*\\.(yaml|yml|json)$"))
                    .sorted().toArray(String[]::new);
        }
    }

    static byte[] read(String corpusDir, String file) {
        try {
            if (corpusDir != null && !corpusDir.isEmpty()) {
                return Files.readAllBytes(Path.of(corpusDir, file));
            }
            try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + file)) {
                if (in == null) {
                    throw new IllegalArgumentException("no corpus file " + file);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
