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
