package io.kubepolicycheck.validator.manifest;

import io.kubepolicycheck.validator.spool.TemporaryFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text kept in a temporary file, to be read again if a document read in parts has to be read whole after all: what
 * was read of the input is gone from memory by then. Deleted once it is not needed, or when the JVM exits.
 */
final class TextSpool {
    private final Path file;
    private final Writer out;

    TextSpool() throws IOException {
        file = TemporaryFiles.create();
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw TemporaryFiles.failed(file, e);
        }
    }

    void append(CharSequence text) throws IOException {
        try {
            out.append(text);
        } catch (IOException e) {
            throw TemporaryFiles.failed(file, e);
        }
    }

    /** What was appended, from the start; nothing more can be appended. */
    Reader reader() throws IOException {
        try {
            out.close();
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw TemporaryFiles.failed(file, e);
        }
    }

    void delete() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is deleted when the JVM exits
        }
    }
}
