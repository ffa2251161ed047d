package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens an input again from its first byte, for a part of it that must be read a second time: a file can be, so
 * nothing read needs keeping for it; standard input cannot, and has none (what it gave is kept instead).
 */
@FunctionalInterface
public interface Reopener {
    InputStream open() throws IOException;

    /** A failure to read the input again, as the input's error. */
    static ManifestException failed(IOException e) {
        return new ManifestException("cannot read the input again: " + e.getMessage(), -1, -1, -1);
    }
}
