package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A byte stream read as strict UTF-8, a block at a time: a byte that is not UTF-8 is an error with its place
 * (document, line, column, byte offset), said as {@link ManifestParser#decode} says it for a text held whole. It
 * keeps the last few blocks it decoded, so a reader that finds a bad character a little behind can be told its
 * line and column.
 */
public final class Utf8Reader extends Reader {
    private static final int BLOCK = 64 * 1024;
    /**
     * Blocks kept to place a character: SnakeYAML reads at most one of its 1 kB windows ahead, but a stream read in
     * parts ({@link YamlChunks}) may be placing one in a part cut a few hundred kB before.
     */
    private static final int KEPT_BLOCKS = 12;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BLOCK).flip();
    private final CharBuffer chars = CharBuffer.allocate(BLOCK).flip();
    private final ArrayDeque<Block> recent = new ArrayDeque<>();
    private boolean endOfInput;
    private boolean flushed;
    private long decodedBytes;
    private long decodedChars;
    private int line = 1;
    private int column = 1;
    private final Separators separators = new Separators();

    /** A block of decoded text and where it starts; kept as characters, which copy without a look at each. */
    private record Block(long start, int line, int column, char[] text) {
    }

    /**
     * An input refused while it is read (not UTF-8, over a size limit), with its error; SnakeYAML and Jackson hand
     * it on as the reason they stopped.
     */
    public static final class Refused extends IOException {
        private final transient ManifestException error;

        public Refused(ManifestException error) {
            super(error.getMessage(), null);
            this.error = error;
        }

        ManifestException error() {
            return error;
        }
    }

    public Utf8Reader(InputStream in) {
        this.in = in;
    }

    /** A failure to read, as a manifest error: the place of a byte that is not UTF-8, or what the system said. */
    public static ManifestException unreadable(IOException e) {
        return e instanceof Refused refused ? refused.error()
                : new ManifestException("cannot read the input: " + e.getMessage(), -1, -1, -1);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    /** Decodes the next block of bytes into {@link #chars}, reading more bytes when needed. */
    private void fill() throws IOException {
        chars.clear();
        if (!endOfInput && bytes.remaining() < BLOCK / 2) {
            bytes.compact();
            int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (read < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
        }
        int before = bytes.position();
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        decodedBytes += bytes.position() - before;
        if (result.isError()) {
            chars.flip();
            track(chars);
            throw new Refused(new ManifestException("input is not UTF-8 text (byte 0x"
                    + String.format("%02x", bytes.get(bytes.position()) & 0xff) + " at offset " + decodedBytes + ")",
                    separators.documentsSoFar(), new Position(line, column)));
        }
        if (endOfInput && !bytes.hasRemaining()) {
            decoder.flush(chars);
            flushed = true;
        }
        chars.flip();
        track(chars);
    }

    /** Counts lines and document separators over newly decoded text, and keeps it to place characters later. */
    private void track(CharBuffer text) {
        if (!text.hasRemaining()) {
            return;
        }
        recent.addLast(new Block(decodedChars, line, column, Arrays.copyOfRange(text.array(),
                text.arrayOffset() + text.position(), text.arrayOffset() + text.limit())));
        if (recent.size() > KEPT_BLOCKS) {
            recent.removeFirst();
        }
        // Line by line over the array: only a line's first characters count for the separators (a scan of every
        // character through CharBuffer.get was a tenth of the reading thread's time on a big input).
        char[] a = text.array();
        int end = text.arrayOffset() + text.limit();
        int i = text.arrayOffset() + text.position();
        while (i < end) {
            int start = i;
            while (i < end && a[i] != '\n' && separators.wants()) {
                separators.accept(a[i++]);
                if (separators.pastThird()) {
                    // the rest of an indentation changes nothing (deep in a JSON List, most of the text)
                    while (i < end && a[i] == ' ') {
                        i++;
                    }
                }
            }
            while (i < end && a[i] != '\n') {
                i++;
            }
            column += i - start;
            if (i < end) {
                separators.endLine();
                line++;
                column = 1;
                i++;
            }
        }
        decodedChars += text.remaining();
    }

    /**
     * The line and column of the character at {@code offset} (counted in chars from the start), as
     * {@link ManifestParser#positionOf} gives them for a text held whole; a place past the text is its end.
     */
    Position positionOf(int offset) {
        Block from = recent.peekFirst();
        for (Block block : recent) {
            if (block.start() <= offset) {
                from = block;
            }
        }
        if (from == null) {
            return new Position(line, column);
        }
        // The last block that starts at or before the place holds it (or the place is past the end of the text).
        int l = from.line();
        int c = from.column();
        char[] text = from.text();
        int end = (int) Math.min(text.length, Math.max(0, offset - from.start()));
        for (int i = 0; i < end; i++) {
            if (text[i] == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        return new Position(l, c);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * The document a place is in, counted as {@link ManifestParser#decode} counts for a text held whole: a line
     * starting {@code ---} begins a new document once anything but blank lines and comments came before it.
     */
    private static final class Separators {
        private int documents;
        private boolean sawContent;
        private int length;
        private boolean dashes = true;
        private char first;
        private boolean blank = true;

        /** Whether the line's next character can change anything but its length, which counts only up to 3. */
        boolean wants() {
            return length < 3 || blank;
        }

        /** Whether the line's first three characters were seen: past them, a space changes nothing. */
        boolean pastThird() {
            return length >= 3;
        }

        /** The next character of a line, not its line feed. */
        void accept(char c) {
            if (length == 0) {
                first = c;
            }
            if (length < 3) {
                dashes &= c == '-';
            }
            length++;
            if (blank) {
                blank = Character.isWhitespace(c); // once a line has content, its other characters need no test
            }
        }

        /** The documents counted so far, the line being read included. */
        int documentsSoFar() {
            int d = documents;
            boolean s = sawContent;
            if (length >= 3 && dashes) {
                d += s ? 1 : 0;
            }
            return d;
        }

        private void endLine() {
            if (length >= 3 && dashes) {
                documents += sawContent ? 1 : 0;
                sawContent = true;
            } else if (!blank && first != '#') {
                sawContent = true;
            }
            length = 0;
            dashes = true;
            blank = true;
        }
    }
}
