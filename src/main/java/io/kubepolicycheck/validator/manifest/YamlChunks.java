package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML stream cut at its document start markers ({@code ---} at the start of a line), so that its documents
 * can be read on several threads. Each part is read as a stream of its own, placed and numbered as in the whole
 * ({@link #read}); where a part does not read as exactly the documents a cut there implies (a marker inside a
 * quoted text or a flow collection, a directive, an error of any kind), the caller reads the stream from that part
 * on as one ({@link #rest}), which is what reading it whole would have done from there.
 */
public final class YamlChunks {
    private static final String AFTER_MARKER = " \t\r\n\u0085\u2028\u2029";

    private final Reader in;
    private final Limits limits;
    private final Utf8Reader placer;
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private boolean end;
    private boolean handedOver;
    private StringBuilder line = new StringBuilder();
    private boolean lineRead;
    private int lines;
    private int codePoints;
    private int documents;
    private boolean first = true;

    /** A part of the stream: its text, the lines and code points before it, and its first document's number. */
    public record Chunk(String text, int lineOffset, int codePointOffset, int firstDocument, int expectedDocuments) {
    }

    /** The documents of a chunk, or why they cannot stand for the stream's. */
    public record Read(List<DocumentSource.Document> documents, ManifestException error) {
        public boolean clean() {
            return error == null;
        }
    }

    YamlChunks(Reader in, Limits limits, Utf8Reader placer) {
        this.in = in;
        this.limits = limits;
        this.placer = placer;
    }

    /** The next part, or null at the end of the stream (or once {@link #rest} took it over). */
    public Chunk next() throws IOException {
        if (handedOver) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        int startLines = lines;
        int startCodePoints = codePoints;
        boolean content = false;
        boolean directive = false;
        while (readLine()) {
            String l = line.toString();
            if (text.length() > 0 && !directive && isDocumentStart(l)) {
                break; // the line stays for the next part
            }
            lineRead = false;
            text.append(l);
            count(l);
            directive = l.startsWith("%");
            content |= !isBlankOrComment(l);
        }
        if (text.length() == 0) {
            return null;
        }
        // The first part may be comments alone (no document); every later one starts with a marker (one document).
        int expected = first && !content ? 0 : 1;
        first = false;
        Chunk chunk = new Chunk(text.toString(), startLines, startCodePoints, documents, expected);
        documents += expected;
        return chunk;
    }

    /**
     * Reads a part as a stream of its own, numbered and placed in the whole; clean when it holds the documents
     * expected. Safe to call from any thread.
     */
    public Read read(Chunk chunk) {
        DocumentSource.Document simple = chunk.expectedDocuments() == 1
                ? BlockYaml.document(chunk.text(), limits, chunk.lineOffset(), chunk.firstDocument()) : null;
        if (simple != null) {
            return new Read(List.of(simple), null);
        }
        List<DocumentSource.Document> read = new ArrayList<>(1);
        try {
            // Not placed: a part that fails is read again with what follows it, and placed then, on the reading
            // thread, which owns the placer.
            YamlDocuments source = new YamlDocuments(new StringReader(chunk.text()), limits, offset -> null,
                    chunk.lineOffset(), chunk.firstDocument());
            for (DocumentSource.Document d = source.next(); d != null; d = source.next()) {
                read.add(d);
            }
        } catch (ManifestException e) {
            return new Read(read, e);
        }
        return read.size() == chunk.expectedDocuments() ? new Read(read, null)
                : new Read(read, new ManifestException("a part read as " + read.size() + " documents", -1, -1, -1));
    }

    /**
     * The stream from {@code from} on, as one: the text of {@code from} and of the parts after it already cut
     * ({@code later}, in order), then what this has not cut yet. After this, {@link #next} returns null.
     */
    public DocumentSource rest(Chunk from, List<Chunk> later) {
        handedOver = true;
        StringBuilder text = new StringBuilder(from.text());
        later.forEach(c -> text.append(c.text()));
        if (lineRead) {
            text.append(line);
        }
        String cut = text.toString();
        String buffered = new String(buffer, position, limit - position);
        Reader whole = new Reader() {
            private int next;
            private final String head = cut + buffered;

            @Override
            public int read(char[] out, int offset, int length) throws IOException {
                if (next < head.length()) {
                    int n = Math.min(length, head.length() - next);
                    head.getChars(next, next + n, out, offset);
                    next += n;
                    return n;
                }
                return end ? -1 : in.read(out, offset, length);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
        return new YamlDocuments(whole, limits, offset -> placer.positionOf(from.codePointOffset() + offset),
                from.lineOffset(), from.firstDocument());
    }

    /** The next line, ending with its line feed (the last may have none), into {@link #line}; false at the end. */
    private boolean readLine() throws IOException {
        if (lineRead) {
            return true;
        }
        line.setLength(0);
        while (true) {
            if (position == limit) {
                if (end) {
                    break;
                }
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    end = true;
                    break;
                }
                position = 0;
                limit = n;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (position < limit) {
                position++;
                line.append(buffer, start, position - start);
                break;
            }
            line.append(buffer, start, position - start);
        }
        lineRead = line.length() > 0;
        return lineRead;
    }

    /** {@code ---} then a space, a tab, a line break or nothing: where SnakeYAML's scanner starts a document. */
    private static boolean isDocumentStart(String l) {
        return l.startsWith("---") && (l.length() == 3 || AFTER_MARKER.indexOf(l.charAt(3)) >= 0);
    }

    private static boolean isBlankOrComment(String l) {
        String t = (l.startsWith("\uFEFF") ? l.substring(1) : l).strip();
        return t.isEmpty() || t.startsWith("#");
    }

    /** Lines as SnakeYAML counts them (a lone CR, NEL and the Unicode separators break lines too), and code points. */
    private void count(String l) {
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || c == '\r' && (i + 1 >= l.length() || l.charAt(i + 1) != '\n')) {
                lines++;
            }
            if (!Character.isLowSurrogate(c)) {
                codePoints++;
            }
        }
    }
}
