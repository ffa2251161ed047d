package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A YAML stream cut at its document start markers ({@code ---} at the start of a line), so that its documents
 * can be read on several threads. Each part is read as a stream of its own, placed and numbered as in the whole
 * ({@link #read}); where a part does not read as exactly the documents a cut there implies (a marker inside a
 * quoted text or a flow collection, a directive, an error of any kind), the caller reads the stream from that part
 * on as one ({@link #rest}), which is what reading it whole would have done from there.
 *
 * <p>A document past {@link #LIST_THRESHOLD} characters whose top-level {@code items:} holds a block sequence (a
 * cluster dump, {@code kubectl get pods -A -o yaml}) is cut further, between the sequence's entries: the entries go
 * out in parts ({@link Kind#ITEMS}), each read as a sequence placed where it stands and budgeted as a document
 * is; the document without them goes out last ({@link Kind#LIST_HEAD}), read to confirm that the document is a
 * List whose items these are. Its {@code kind} may well come after the items (kubectl sorts the keys), so until then
 * the document must stay within reach: a file is opened again ({@link Reopener}), and from standard input the
 * document's text, and all that follows it, is kept in a temporary file. Where a part of it does not read cleanly,
 * or it turns out not to be a List, the stream is read on as one from the document's start (what its items gave is
 * taken back), exactly as it would have been read whole; unless the part's error is one reading it
 * whole would meet too ({@link Read#decisive}, {@link #syntaxErrorOf}), which is then the input's, the List never
 * held whole. A smaller document is one part, read whole.
 */
public final class YamlChunks {
    /** Characters of a document read whole before its List items are cut: a small List is read as it always was. */
    static final int LIST_THRESHOLD = 256 * 1024;
    /** Characters of List entries per part, about sixty pods. */
    private static final int ITEMS_PER_PART = 32 * 1024;
    private static final String AFTER_MARKER = " \t\r\n\u0085\u2028\u2029";
    /** The key line of a top-level sequence of items, with nothing after the colon but a comment. */
    private static final Pattern ITEMS_KEY = Pattern.compile("items:[ \t]*(#.*)?\r?\n?");

    private final Reader in;
    private final Limits limits;
    private final Utf8Reader placer;
    /** Opens the input again, or null: then a List's text is kept until it is confirmed. */
    private final Reopener reopener;
    /** The input opened again by {@link #rest}, closed by {@link #closeRest}. */
    private Utf8Reader reopened;
    private final int listThreshold;
    private final int itemsPerPart;
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private boolean end;
    private boolean handedOver;
    /** The line being cut: looked at where it stands, never copied into a string of its own. */
    private final StringBuilder line = new StringBuilder();
    private boolean lineRead;
    /** Whether the line read holds only ASCII without a carriage return: its lines and code points need no count. */
    private boolean lineAscii;
    /** The spaces the line read starts with, counted as it is read rather than looked at again. */
    private int lineIndent;
    private int lines;
    private int codePoints;
    private int documents;
    private boolean first = true;
    /** Parts cut and not handed out yet. */
    private final ArrayDeque<Chunk> ready = new ArrayDeque<>();
    /** The List document being cut between its items, or null. */
    private ListDocument list;
    private Shape shape;
    /** The List documents not confirmed yet, each keeping the text from its start on unless the input reopens. */
    private final List<ListDocument> unconfirmed = new ArrayList<>();

    /** What a part holds. */
    public enum Kind {
        /** Whole documents. */
        DOCUMENTS,
        /** Entries of a List document's top-level items. */
        ITEMS,
        /** A List document without its items' entries. */
        LIST_HEAD
    }

    /**
     * A part of the stream: its text, the lines and code points before it, and its first document's number; for a
     * part of a List document, that document.
     */
    public record Chunk(String text, int lineOffset, int codePointOffset, int firstDocument, int expectedDocuments,
                        Kind kind, ListDocument list) {
    }

    /**
     * A List document read in parts: where it starts, and its text from there on until it is confirmed (null where
     * the input can be opened again instead).
     */
    public static final class ListDocument {
        private final int lineOffset;
        private final int codePointOffset;
        private final int document;
        private final TextSpool text;
        /**
         * A line the cut cannot be sure of (a tab or a line break other than LF or CRLF) among those cut so far: read
         * it whole. Known as each line is cut, so that a part's error is not taken for the List's once one is seen.
         */
        private boolean odd;
        /** The line (from 1) of its {@code items:} key. */
        private final int itemsLine;

        ListDocument(int lineOffset, int codePointOffset, int document, TextSpool text, int itemsLine) {
            this.lineOffset = lineOffset;
            this.codePointOffset = codePointOffset;
            this.document = document;
            this.text = text;
            this.itemsLine = itemsLine;
        }
    }

    /** The documents of a chunk, or why they cannot stand for the stream's. */
    /**
     * What a part gave: its documents, or the error it met. The error is {@code decisive} where reading the input
     * whole would meet it too, given that every part before read cleanly: a document or an entry of a List over a
     * limit, or a List without the {@code kind} or {@code apiVersion} every object needs. Any other error calls for
     * reading on as one (or for {@link #syntaxErrorOf}).
     */
    public record Read(List<DocumentSource.Document> documents, ManifestException error, boolean decisive) {
        public Read(List<DocumentSource.Document> documents, ManifestException error) {
            this(documents, error, error != null && error.overLimit());
        }

        public boolean clean() {
            return error == null;
        }
    }

    YamlChunks(Reader in, Limits limits, Utf8Reader placer, Reopener reopener) {
        this(in, limits, placer, reopener, LIST_THRESHOLD, ITEMS_PER_PART);
    }

    /** Cutting a List from {@code listThreshold} characters on, in parts of {@code itemsPerPart} (tests cut more). */
    YamlChunks(Reader in, Limits limits, Utf8Reader placer, Reopener reopener, int listThreshold, int itemsPerPart) {
        this.in = in;
        this.limits = limits;
        this.placer = placer;
        this.reopener = reopener;
        this.listThreshold = listThreshold;
        this.itemsPerPart = itemsPerPart;
    }

    /** The next part, or null at the end of the stream (or once {@link #rest} took it over). */
    public Chunk next() throws IOException {
        if (handedOver) {
            return null;
        }
        if (!ready.isEmpty()) {
            return ready.poll();
        }
        if (list != null) {
            return nextOfList();
        }
        StringBuilder text = new StringBuilder();
        int startLines = lines;
        int startCodePoints = codePoints;
        boolean content = false;
        boolean directive = false;
        shape = new Shape();
        while (readLine()) {
            StringBuilder l = line;
            if (text.length() > 0 && !directive && isDocumentStart(l)) {
                break; // the line stays for the next part
            }
            if (text.length() > listThreshold && shape.startsItem(l, lineIndent)) {
                return startList(text, startLines, startCodePoints); // the line starts the next part
            }
            shape.accept(l, lineIndent, text.length(), lines, codePoints, take(l));
            text.append(l);
            directive = l.charAt(0) == '%';
            content = content || !isBlankOrComment(l);
        }
        if (text.length() == 0) {
            return null;
        }
        // The first part may be comments alone (no document); every later one starts with a marker (one document).
        int expected = first && !content ? 0 : 1;
        first = false;
        Chunk chunk = new Chunk(text.toString(), startLines, startCodePoints, documents, expected, Kind.DOCUMENTS,
                null);
        documents += expected;
        return chunk;
    }

    /**
     * The document read so far is a List's start with entries of its items: from here on it is cut between them.
     * Its text so far is kept, and its entries so far are the first part.
     */
    private Chunk startList(StringBuilder text, int startLines, int startCodePoints) throws IOException {
        TextSpool spool = reopener == null ? new TextSpool() : null;
        if (spool != null) {
            spool.append(text);
        }
        list = new ListDocument(startLines, startCodePoints, documents, spool, shape.itemsLine);
        list.odd = shape.odd;
        unconfirmed.add(list);
        first = false;
        documents++;
        shape.head.append(text, 0, shape.itemsStart);
        return new Chunk(text.substring(shape.itemsStart), shape.itemsLines, shape.itemsCodePoints, list.document, 1,
                Kind.ITEMS, list);
    }

    /** The next entries of the List being cut; at its end, its last entries and then its head. */
    private Chunk nextOfList() throws IOException {
        StringBuilder items = new StringBuilder();
        int startLines = lines;
        int startCodePoints = codePoints;
        boolean directive = false;
        while (readLine()) {
            StringBuilder l = line;
            if (!directive && isDocumentStart(l)) {
                break;
            }
            if (items.length() > 0 && items.length() >= itemsPerPart && shape.startsItem(l, lineIndent)) {
                return new Chunk(items.toString(), startLines, startCodePoints, list.document, 1, Kind.ITEMS, list);
            }
            shape.accept(l, lineIndent, -1, lines, codePoints, take(l));
            list.odd |= shape.odd;
            (shape.state == Shape.SUFFIX ? shape.head : items).append(l);
            directive = l.charAt(0) == '%';
        }
        Chunk head = new Chunk(shape.head.toString(), list.lineOffset, list.codePointOffset, list.document, 1,
                Kind.LIST_HEAD, list);
        list = null;
        shape = null;
        if (items.length() == 0) {
            return head;
        }
        ready.add(head);
        return new Chunk(items.toString(), startLines, startCodePoints, head.firstDocument(), 1, Kind.ITEMS,
                head.list());
    }

    /** A line read is taken into a part: counted, and kept for every List document not confirmed yet. */
    private boolean take(StringBuilder l) throws IOException {
        lineRead = false;
        for (ListDocument d : unconfirmed) {
            if (d.text != null) {
                d.text.append(l);
            }
        }
        return count(l);
    }

    /** The List document is what its parts said: its text need not be kept any longer. */
    public void confirm(ListDocument document) {
        if (unconfirmed.remove(document) && document.text != null) {
            document.text.delete();
        }
    }

    /**
     * Reads a part as a stream of its own, numbered and placed in the whole; clean when it holds the documents
     * expected. Safe to call from any thread.
     */
    public Read read(Chunk chunk) {
        if (chunk.kind() == Kind.ITEMS) {
            return readItems(chunk);
        }
        if (chunk.kind() == Kind.LIST_HEAD) {
            return readHead(chunk);
        }
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
     * The entries of a List's items in a part, each as a document of its own numbered as the List (an entry that is
     * null is an empty document), as {@link ManifestParser#objects} takes them from the List read whole: their paths
     * start at the entry, their places are kept. Clean when the part reads as one block sequence. Each entry is
     * budgeted on its own, at the depth it has in the List, as reading the List whole budgets it: a List's size is
     * not bounded, a bomb in any entry is, and the error of an entry over a limit is the List's
     * ({@link ManifestException#overLimit}), with no need to read the List whole.
     */
    private Read readItems(Chunk chunk) {
        List<DocumentSource.Document> items = new ArrayList<>();
        try {
            ManifestException notEntries = new ManifestException("a part of a List is not its entries", -1, -1, -1);
            // kubectl's entries are block YAML, which BlockYaml reads as SnakeYAML would, only faster
            DocumentSource.Document d = BlockYaml.entries(chunk.text(), limits, chunk.lineOffset(),
                    chunk.firstDocument());
            if (d == null) {
                YamlDocuments source = YamlDocuments.entries(chunk.text(), limits, chunk.lineOffset(),
                        chunk.firstDocument());
                d = source.next();
                if (d != null && source.next() != null) {
                    return new Read(items, notEntries);
                }
            }
            if (d == null || !(d.root() instanceof SequenceNode entries)) {
                return new Read(items, notEntries);
            }
            for (Node entry : entries.elements()) {
                items.add(new DocumentSource.Document(chunk.firstDocument(), entry.isNil() ? null : entry));
            }
        } catch (ManifestException e) {
            return new Read(items, e);
        }
        return new Read(items, null);
    }

    /**
     * A List document without its entries: clean when it reads as one mapping whose {@code items} is the key the
     * entries were cut under (now empty), whose {@code kind} is a string ending in {@code List} and whose
     * {@code apiVersion} is a string, as {@link ManifestParser#objects} requires to take items as objects. Where
     * {@code kind} or {@code apiVersion} is missing or not a string, the document read whole is refused for it, with
     * the same words: decisive where the place is the same too, before the entries (a missing field is placed at the
     * document's start: a truncated dump, cut before its {@code kind}). Anything else (an odd line,
     * another reading of the text, a kind that is not a List's) is for reading the document whole.
     */
    private Read readHead(Chunk chunk) {
        ManifestException notAList = new ManifestException("not a List read in parts", -1, -1, -1);
        if (chunk.list().odd) {
            return new Read(List.of(), notAList);
        }
        try {
            YamlDocuments source = new YamlDocuments(new StringReader(chunk.text()), limits, offset -> null,
                    chunk.lineOffset(), chunk.firstDocument());
            DocumentSource.Document d = source.next();
            if (d == null || !d.root().isMapping() || source.next() != null) {
                return new Read(List.of(), notAList);
            }
            Node items = d.root().get("items");
            if (!(items instanceof ScalarNode empty && empty.type() == ScalarNode.Type.NULL
                    && empty.anchor().equals(new Position(chunk.list().itemsLine, 1)))) {
                return new Read(List.of(), notAList);
            }
            if (!isString(d.root().get("kind")) || !isString(d.root().get("apiVersion"))) {
                try {
                    ManifestParser.objects(d.index(), d.root(), null);
                } catch (ManifestException refused) {
                    // placed as in the whole only before the entries: the lines after them have moved up
                    return new Read(List.of(), refused, refused.line() <= chunk.list().itemsLine);
                }
                return new Read(List.of(), notAList);
            }
            boolean list = d.root().get("kind").asText().endsWith("List");
            return list ? new Read(List.of(), null) : new Read(List.of(), notAList);
        } catch (ManifestException e) {
            return new Read(List.of(), e);
        }
    }

    /**
     * The syntax error a part of a List meets that reading the List whole meets too, in the same words and at the
     * same place, or null where only reading it whole can tell. The parts before it read cleanly, so it starts where
     * an entry starts in the whole (a cut inside a quoted text or a flow collection would have left the part before
     * it unread), and an error inside its entries is the whole's when what follows the part does not change it: the
     * part read with the next gives the same error, before the next starts; or the last part read with all that
     * follows it in the input (the List's lines after its entries) meets an error inside its entries (a dump cut
     * short inside a quoted text). An error of the part's own sequence, placed at its start, is left to the reading
     * whole, where that sequence is the List's. None is, once a line the cut cannot be sure of was cut
     * ({@link ListDocument#odd}): a break SnakeYAML sees and the cut does not may give the part an error of its own.
     * {@code later}: the parts cut after it, in order.
     */
    public ManifestException syntaxErrorOf(Chunk part, List<Chunk> later) {
        if (part.kind() != Kind.ITEMS || part.list().odd) {
            return null;
        }
        ManifestException error = readItems(part).error();
        Position start = firstEntry(part);
        if (!insideEntries(error, start)) {
            return null;
        }
        Chunk next = later.isEmpty() ? null : later.get(0);
        if (next != null && next.kind() == Kind.ITEMS && next.list() == part.list()) {
            if (error.line() > next.lineOffset()) {
                return null;
            }
            ManifestException joined = readItems(new Chunk(part.text() + next.text(), part.lineOffset(),
                    part.codePointOffset(), part.firstDocument(), 1, Kind.ITEMS, part.list())).error();
            boolean same = joined != null && joined.getMessage().equals(error.getMessage())
                    && joined.line() == error.line() && joined.column() == error.column();
            return same ? error : null;
        }
        boolean lastOfInput = next != null && next.kind() == Kind.LIST_HEAD && next.list() == part.list()
                && later.size() == 1 && end && position == limit && !lineRead && ready.isEmpty() && list == null;
        if (!lastOfInput) {
            return null;
        }
        ManifestException toTheEnd = readItems(new Chunk(part.text() + afterItems(next), part.lineOffset(),
                part.codePointOffset(), part.firstDocument(), 1, Kind.ITEMS, part.list())).error();
        return insideEntries(toTheEnd, start) ? toTheEnd : null;
    }

    /** A syntax error placed, and in a construct started, after the first entry's dash: not its sequence's. */
    private static boolean insideEntries(ManifestException error, Position firstEntry) {
        return error != null && error.syntaxContext() != null && firstEntry != null
                && after(new Position(error.line(), error.column()), firstEntry)
                && after(error.syntaxContext(), firstEntry);
    }

    /** Where the first entry of a part starts: the dash of its first line that is not blank or a comment. */
    private static Position firstEntry(Chunk part) {
        String text = part.text();
        int line = part.lineOffset() + 1;
        for (int from = 0; from < text.length(); line++) {
            int end = text.indexOf('\n', from);
            end = end < 0 ? text.length() : end;
            int c = from;
            while (c < end && text.charAt(c) == ' ') {
                c++;
            }
            if (c < end && text.charAt(c) == '-') {
                return new Position(line, c - from + 1);
            }
            if (c < end && text.charAt(c) != '#' && text.charAt(c) != '\r') {
                return null;
            }
            from = end + 1;
        }
        return null;
    }

    private static boolean after(Position p, Position start) {
        return p.line() > start.line() || p.line() == start.line() && p.column() > start.column();
    }

    /** The lines of a List's head after its {@code items:} line: in the input, they follow its last entry. */
    private static String afterItems(Chunk head) {
        String text = head.text();
        int from = 0;
        for (int l = head.lineOffset() + 1; l <= head.list().itemsLine && from >= 0; l++) {
            int end = text.indexOf('\n', from);
            from = end < 0 ? -1 : end + 1;
        }
        return from < 0 ? "" : text.substring(from);
    }

    private static boolean isString(Node n) {
        return n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING && !s.asText().isEmpty();
    }

    /**
     * The stream from {@code from} on, as one: read from the input opened again where it can be, or else the text of
     * {@code from} and of the parts after it already cut ({@code later}, in order), then what this has not cut yet.
     * After this, {@link #next} returns null; {@link #closeRest} closes what it opened.
     */
    public DocumentSource rest(Chunk from, List<Chunk> later) throws IOException, ManifestException {
        handedOver = true;
        int lineOffset = from.list() != null ? from.list().lineOffset : from.lineOffset();
        int codePointOffset = from.list() != null ? from.list().codePointOffset : from.codePointOffset();
        int firstDocument = from.list() != null ? from.list().document : from.firstDocument();
        if (reopener != null) {
            unconfirmed.clear();
            Utf8Reader again = reopen(codePointOffset);
            return new YamlDocuments(again, limits, offset -> again.positionOf(codePointOffset + offset), lineOffset,
                    firstDocument);
        }
        // A part of a List stands for the List document whole, which its spool holds with all read after it.
        ListDocument kept = from.list();
        StringBuilder text = new StringBuilder();
        if (kept == null) {
            text.append(from.text());
            for (Chunk c : later) {
                if (c.list() != null) {
                    kept = c.list();
                    break;
                }
                text.append(c.text());
            }
        }
        Reader spooled = kept == null ? Reader.nullReader() : kept.text.reader();
        for (ListDocument d : unconfirmed) {
            if (d != kept) {
                d.text.delete();
            }
        }
        unconfirmed.clear();
        String cut = text.toString();
        String buffered = (lineRead ? line.toString() : "") + new String(buffer, position, limit - position);
        Reader whole = new Reader() {
            private int next;
            private boolean spoolRead;

            @Override
            public int read(char[] out, int offset, int length) throws IOException {
                if (next < cut.length()) {
                    int n = Math.min(length, cut.length() - next);
                    cut.getChars(next, next + n, out, offset);
                    next += n;
                    return n;
                }
                if (!spoolRead) {
                    int n = spooled.read(out, offset, length);
                    if (n >= 0) {
                        return n;
                    }
                    spoolRead = true;
                    spooled.close();
                }
                int at = next - cut.length();
                if (at < buffered.length()) {
                    int n = Math.min(length, buffered.length() - at);
                    buffered.getChars(at, at + n, out, offset);
                    next += n;
                    return n;
                }
                return end ? -1 : in.read(out, offset, length);
            }

            @Override
            public void close() throws IOException {
                spooled.close();
                in.close();
            }
        };
        return new YamlDocuments(whole, limits, offset -> placer.positionOf(codePointOffset + offset), lineOffset,
                firstDocument);
    }

    /**
     * The input opened again and read up to {@code codePoints} code points from its start: the text read again
     * from there is the text read the first time, placed by the new reader as the first was.
     */
    private Utf8Reader reopen(int codePoints) throws ManifestException {
        try {
            reopened = new Utf8Reader(reopener.open());
            char[] skipped = new char[8192];
            for (int left = codePoints; left > 0; ) {
                // at most as many chars as code points are left: a pair of surrogates is one code point
                int n = reopened.read(skipped, 0, Math.min(skipped.length, left));
                if (n < 0) {
                    throw new IOException("it is shorter than when it was read first");
                }
                for (int i = 0; i < n; i++) {
                    left -= Character.isLowSurrogate(skipped[i]) ? 0 : 1;
                }
            }
            return reopened;
        } catch (IOException e) {
            closeRest();
            throw Reopener.failed(e);
        }
    }

    /** Closes the input that {@link #rest} opened again, if it did. */
    public void closeRest() {
        try {
            if (reopened != null) {
                reopened.close();
            }
        } catch (IOException e) {
            // nothing was written to it
        }
    }

    /** The next line, ending with its line feed (the last may have none), into {@link #line}; false at the end. */
    private boolean readLine() throws IOException {
        if (lineRead) {
            return true;
        }
        line.setLength(0);
        boolean ascii = true;
        boolean leading = true;
        int indent = 0;
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
            if (leading) {
                while (position < limit && buffer[position] == ' ') {
                    position++;
                }
                indent += position - start;
                leading = position == limit;
            }
            char c;
            while (position < limit && (c = buffer[position]) != '\n') {
                ascii &= c < 0x80 && c != '\r';
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
        lineAscii = ascii;
        lineIndent = indent;
        return lineRead;
    }

    /** {@code ---} then a space, a tab, a line break or nothing: where SnakeYAML's scanner starts a document. */
    private static boolean isDocumentStart(CharSequence l) {
        return l.length() >= 3 && l.charAt(0) == '-' && l.charAt(1) == '-' && l.charAt(2) == '-'
                && (l.length() == 3 || AFTER_MARKER.indexOf(l.charAt(3)) >= 0);
    }

    private static boolean isBlankOrComment(CharSequence l) {
        String t = l.toString();
        t = (t.startsWith("\uFEFF") ? t.substring(1) : t).strip();
        return t.isEmpty() || t.startsWith("#");
    }

    /**
     * Lines as SnakeYAML counts them (a lone CR, NEL and the Unicode separators break lines too), and code points;
     * true when the line holds a break other than its final LF or CRLF, which the cut between List items, going
     * by LF, does not see.
     */
    private boolean count(CharSequence l) {
        if (lineAscii) {
            lines += l.charAt(l.length() - 1) == '\n' ? 1 : 0;
            codePoints += l.length();
            return false;
        }
        boolean odd = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || c == '\r' && (i + 1 >= l.length() || l.charAt(i + 1) != '\n')) {
                lines++;
                odd |= c != '\n';
            }
            if (!Character.isLowSurrogate(c)) {
                codePoints++;
            }
        }
        return odd;
    }

    /**
     * Where a document's lines stand against a top-level {@code items:} block sequence, seen line by line: before
     * the key, between it and the first entry, among the entries (at one indentation), after them.
     */
    private static final class Shape {
        static final int BEFORE = 0;
        static final int KEY = 1;
        static final int ENTRIES = 2;
        static final int SUFFIX = 3;
        /** Not a List's shape: read whole. */
        static final int NONE = 4;

        int state = BEFORE;
        int indent;
        boolean odd;
        int itemsLine;
        /** Where the first entry starts: in the document's text, and lines and code points before it. */
        int itemsStart;
        int itemsLines;
        int itemsCodePoints;
        /** The document's text without its entries. */
        final StringBuilder head = new StringBuilder();

        /** Whether the line, indented by {@code n} spaces, starts an entry after at least one: a place to cut. */
        boolean startsItem(CharSequence l, int n) {
            return state == ENTRIES && !odd && n == indent && isEntry(l, indent);
        }

        /**
         * Takes the line, indented by {@code n} spaces, which starts {@code offset} characters into the document
         * after these lines.
         */
        void accept(CharSequence l, int n, int offset, int linesBefore, int codePointsBefore, boolean oddBreak) {
            // a tab or a byte order mark where indentation ends: YAML may read the line otherwise than by its spaces
            odd |= oddBreak || n < l.length() && (l.charAt(n) == '\t' || l.charAt(n) == '\uFEFF' && offset != 0);
            boolean blank = n == l.length() || l.charAt(n) == '\n' || l.charAt(n) == '\r' || l.charAt(n) == '#';
            switch (state) {
                case BEFORE -> {
                    if (l.length() >= 6 && l.charAt(0) == 'i' && ITEMS_KEY.matcher(l).matches()) {
                        state = KEY;
                        itemsLine = linesBefore + 1;
                    }
                }
                case KEY -> {
                    if (isEntry(l, n)) {
                        state = ENTRIES;
                        indent = n;
                        itemsStart = offset;
                        itemsLines = linesBefore;
                        itemsCodePoints = codePointsBefore;
                    } else if (!blank) {
                        state = NONE;
                    }
                }
                case ENTRIES -> {
                    if (!blank && (n < indent || n == indent && !isEntry(l, n))) {
                        state = SUFFIX;
                    }
                }
                default -> {
                    // the rest of the document is not cut
                }
            }
        }

        /** A dash at {@code at} followed by a space, a tab or the end of the line: a block sequence's entry. */
        private static boolean isEntry(CharSequence l, int at) {
            return at < l.length() && l.charAt(at) == '-'
                    && (at + 1 == l.length() || " \t\r\n".indexOf(l.charAt(at + 1)) >= 0);
        }
    }
}
