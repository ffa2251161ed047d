package io.kubepolicycheck.validator.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The temporary files a check of any size keeps text or output in, in the folder {@code java.io.tmpdir} names (read
 * at each use, not once per JVM as {@link Files#createTempFile(String, String, java.nio.file.attribute.FileAttribute[])}
 * does). When one cannot be made or written, the error says so and where, never that the input was at fault: a
 * CI runner's small or missing temporary folder is the user's to change.
 */
public final class TemporaryFiles {
    private TemporaryFiles() {
    }

    /** A new temporary file, deleted when the JVM exits unless deleted before. */
    public static Path create() {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Path file = Files.createTempFile(folder, "kube-policy-check-", ".spool");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new TemporaryFileException("cannot create a temporary file in " + folder + ": " + reason(e), e);
        }
    }

    /** Writing or reading a temporary file failed (a full disk, most often). */
    public static TemporaryFileException failed(Path file, IOException e) {
        return new TemporaryFileException("cannot use the temporary file " + file + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A temporary file that could not be made or used: the run cannot go on, whatever its inputs. Unchecked, so that
     * it passes the readers between the spool and the command (Jackson's, SnakeYAML's, the manifest readers), which
     * would take any {@link IOException} for the input's.
     */
    public static final class TemporaryFileException extends UncheckedIOException {
        TemporaryFileException(String message, IOException cause) {
            super(message + " (the folder is java.io.tmpdir: choose another with -Djava.io.tmpdir=DIR)", cause);
        }
    }
}
