package io.kubepolicycheck.validator.render;

import io.kubepolicycheck.validator.spool.TemporaryFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bytes kept until they can be written in their place: in memory up to a bound, then in a temporary file, so
 * holding a verdict of any size costs the same memory. What was written since a size can be taken back
 * ({@link #truncate}), as for an input that fails after some of its resources were written. Closing it deletes the file.
 */
final class Spool extends OutputStream {
    /** Output up to this stays in memory; a small verdict never touches the disk. */
    static final int IN_MEMORY = 4 << 20;

    private final int inMemory;
    private Memory memory = new Memory();
    private Path file;
    private FileChannel channel;
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
            file = TemporaryFiles.create();
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                disk = Channels.newOutputStream(channel);
                memory.writeTo(disk);
            } catch (IOException e) {
                throw TemporaryFiles.failed(file, e);
            }
            memory = null;
        }
        if (disk == null) {
            memory.write(bytes, offset, length);
        } else {
            try {
                disk.write(bytes, offset, length);
            } catch (IOException e) {
                throw TemporaryFiles.failed(file, e);
            }
        }
        size += length;
    }

    /** Forgets what was written after the first {@code size} bytes. */
    void truncate(long size) throws IOException {
        if (disk == null) {
            memory.cut((int) size);
        } else {
            try {
                channel.truncate(size);
                channel.position(size);
            } catch (IOException e) {
                throw TemporaryFiles.failed(file, e);
            }
        }
        this.size = size;
    }

    /** A byte buffer whose end can be moved back. */
    private static final class Memory extends ByteArrayOutputStream {
        Memory() {
            super(8192);
        }

        void cut(int size) {
            count = size;
        }

        void copyTo(OutputStream out, int from, int length) throws IOException {
            out.write(buf, from, length);
        }
    }

    /** Writes the bytes from {@code skip} on to {@code out}. */
    void copyTo(OutputStream out, long skip) throws IOException {
        copyTo(out, skip, size);
    }

    /** Writes the bytes from {@code from} up to {@code to} to {@code out}. */
    void copyTo(OutputStream out, long from, long to) throws IOException {
        if (disk == null) {
            memory.copyTo(out, (int) from, (int) (to - from));
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (long at = from; at < to; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
            int n;
            try {
                n = channel.read(buffer, at);
            } catch (IOException e) {
                throw TemporaryFiles.failed(file, e);
            }
            if (n < 0) {
                throw new IOException("spool file ended at " + at + " of " + to + " bytes");
            }
            out.write(buffer.array(), 0, n);
            at += n;
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
