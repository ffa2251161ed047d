package io.kubepolicycheck.validator.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes kept until they can be written in their place: in memory up to a bound, then in a temporary file, so
 * holding a verdict of any size costs the same memory. Closing it deletes the file.
 */
final class Spool extends OutputStream {
    /** Output up to this stays in memory; a small verdict never touches the disk. */
    static final int IN_MEMORY = 4 << 20;

    private final int inMemory;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private Path file;
    private OutputStream disk;
    private long size;

    Spool() {
        this(IN_MEMORY);
    }

    Spool(int inMemory) {
        this.inMemory = inMemory;
    }

    long size() {
        return size;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (disk == null && memory.size() + length > inMemory) {
            file = Files.createTempFile("kube-policy-check-", ".spool");
            disk = Files.newOutputStream(file);
            memory.writeTo(disk);
            memory = null;
        }
        (disk != null ? disk : memory).write(bytes, offset, length);
        size += length;
    }

    /** Writes the bytes from {@code skip} on to {@code out}. */
    void copyTo(OutputStream out, long skip) throws IOException {
        if (disk == null) {
            byte[] bytes = memory.toByteArray();
            out.write(bytes, (int) skip, bytes.length - (int) skip);
            return;
        }
        disk.flush();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(skip);
            in.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        if (disk != null) {
            disk.close();
            Files.deleteIfExists(file);
        }
    }
}
