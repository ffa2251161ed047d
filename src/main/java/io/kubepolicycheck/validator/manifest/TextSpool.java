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
    private char[] copy = new char[256];

    TextSpool() throws IOException {
        file = TemporaryFiles.create();
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw TemporaryFiles.failed(file, e);
        }
    }

    /** Text to append, copied out through a buffer kept for it: a Writer would make a String of it each time. */
    void append(StringBuilder text) throws IOException {
        if (copy.length < text.length()) {
            copy = new char[Math.max(text.length(), 2 * copy.length)];
        }
        text.getChars(0, text.length(), copy, 0);
        append(copy, 0, text.length());
    }

    void append(char[] text, int offset, int length) throws IOException {
        try {
            out.write(text, offset, length);
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
