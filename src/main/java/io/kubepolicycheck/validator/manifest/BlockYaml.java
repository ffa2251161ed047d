package io.kubepolicycheck.validator.manifest;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A reader for the block-style YAML that Kubernetes tools write ({@code kubectl get -o yaml}, {@code helm
 * template}): one document of block mappings and sequences, scalars plain or quoted on one line, {@code {}} and
 * {@code []}, comments. It builds exactly the tree that SnakeYAML's path ({@link YamlDocuments}) builds, values,
 * types, lines and columns, at a fraction of the cost, and declines (null) everything else and everything in
 * doubt: anchors, aliases, tags, other flow collections, block scalars, scalars over several lines, directives,
 * tabs, CR, characters beyond the basic plane, odd indentation, duplicate and merge keys, any error. A declined
 * part is read by SnakeYAML, so every error and every unusual document reads as it always did. {@code
 * BlockYamlTest} holds the two to the same trees over the corpora and generated documents.
 */
final class BlockYaml {
    /** Declining is not an error: it hands the part to SnakeYAML. No stack trace, one instance. */
    private static final class Decline extends Exception {
        private static final Decline INSTANCE = new Decline();

        private Decline() {
            super(null, null, false, false);
        }
    }

    /** SnakeYAML refuses a simple key over 1024 characters; stay well inside. */
    private static final int MAX_KEY = 1000;
    private static final String NOT_PLAIN_START = ",[]{}#&*!|>'\"%@`";

    private final String text;
    /** The text's characters: looked at one by one, an array costs less than a string's bounds-checked charAt. */
    private final char[] chars;
    private final int lineOffset;
    /** The depth of the root: 0 for a document, 1 for entries cut from a List ({@link #entries}). */
    private final int rootDepth;
    private final DocumentBudget budget;
    /** Collections this deep or deeper are left to SnakeYAML, whose nesting limit counts a little differently. */
    private final int maxDepth;
    private final int lines;
    private final int[] starts;
    private final int[] ends;
    private final int[] indents;
    /** The line being read. */
    private int line;

    private BlockYaml(String text, char[] chars, Limits limits, int lineOffset, int rootDepth) {
        this.text = text;
        this.chars = chars;
        this.lineOffset = lineOffset;
        this.rootDepth = rootDepth;
        this.budget = new DocumentBudget(limits, true);
        this.maxDepth = Math.min(limits.maxDepth(), 64) - 1;
        int n = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            n++;
        }
        lines = n;
        starts = new int[n];
        ends = new int[n];
        indents = new int[n];
        int start = 0;
        for (int l = 0; l < n; l++) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            starts[l] = start;
            ends[l] = end;
            int i = start;
            while (i < end && chars[i] == ' ') {
                i++;
            }
            indents[l] = i - start;
            start = end + 1;
        }
    }

    /**
     * The one document of {@code text} (a part of a stream that starts at a document's start, its first line line
     * {@code lineOffset + 1} of the stream, its document number {@code index}), or null where SnakeYAML must read it.
     */
    static DocumentSource.Document document(String text, Limits limits, int lineOffset, int index) {
        return read(text, limits, lineOffset, index, 0);
    }

    /**
     * Entries of a List's top-level {@code items} cut from it, as {@link YamlDocuments#entries} reads them: one
     * sequence at the depth it has in the List, each entry a root and budgeted on its own; null where SnakeYAML must
     * read them.
     */
    static DocumentSource.Document entries(String text, Limits limits, int lineOffset, int index) {
        return read(text, limits, lineOffset, index, 1);
    }

    private static DocumentSource.Document read(String text, Limits limits, int lineOffset, int index,
                                                int rootDepth) {
        if (text.length() > limits.maxBytes()) {
            return null;
        }
        char[] chars = text.toCharArray();
        if (!plainCharacters(chars)) {
            return null;
        }
        try {
            return new BlockYaml(text, chars, limits, lineOffset, rootDepth).read(index);
        } catch (Decline | ManifestException e) {
            return null; // SnakeYAML reads it again, and gives any error its own words and place
        }
    }

    /**
     * Only characters that SnakeYAML reads as themselves, one column each: printable ASCII, line feeds and the
     * basic plane without NEL, the Unicode line separators, the byte order mark and surrogates.
     */
    private static boolean plainCharacters(char[] chars) {
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= ' ' && c <= '~' || c == '\n') {
                continue;
            }
            if (c < 0xA0 || c >= 0xD800 && c < 0xE000 || c > 0xFFFD || c == 0xFEFF || c == 0x2028 || c == 0x2029) {
                return false;
            }
        }
        return true;
    }

    private DocumentSource.Document read(int index) throws Decline, ManifestException {
        int first = nextContent(0, -1);
        int marker = -1;
        if (first < lines && isMarker(first)) {
            marker = first;
            first = nextContent(first + 1, -1);
        }
        if (first >= lines || indents[first] != 0) {
            throw Decline.INSTANCE; // an empty document, or one that starts indented
        }
        for (int l = first; l < lines; l++) {
            if (l != marker && (text.startsWith("---", starts[l]) || text.startsWith("...", starts[l]))) {
                throw Decline.INSTANCE;
            }
        }
        budget.startDocument(index);
        line = first;
        Node root = collection(0, null, null, -1, null, rootDepth);
        if (nextContent(line + 1, -1) < lines) {
            throw Decline.INSTANCE;
        }
        return new DocumentSource.Document(index, root);
    }

    /** {@code ---} alone on its line, or followed by a comment. */
    private boolean isMarker(int l) {
        if (!text.startsWith("---", starts[l])) {
            return false;
        }
        int i = starts[l] + 3;
        if (i == ends[l]) {
            return true;
        }
        int after = skipSpaces(i, ends[l]);
        return after > i && (after == ends[l] || chars[after] == '#');
    }

    /** A sequence if an entry starts at column {@code c} of the current line, else a mapping. */
    private Node collection(int c, Node parent, String key, int index, Position keyPos, int depth)
            throws Decline, ManifestException {
        return entryAt(line, c) ? sequence(c, parent, key, index, keyPos, depth)
                : mapping(c, parent, key, index, keyPos, depth);
    }

    /** A block mapping whose keys stand at column {@code c}, the first on the current line. */
    private MappingNode mapping(int c, Node parent, String key, int index, Position keyPos, int depth)
            throws Decline, ManifestException {
        if (depth >= maxDepth) {
            throw Decline.INSTANCE;
        }
        Position at = position(line, c);
        budget.value(at, depth);
        MappingNode map = new MappingNode(parent, key, index, at, keyPos);
        while (true) {
            int s = starts[line] + c;
            int end = ends[line];
            int colon = keyColon(s, end);
            if (colon < 0 || colon - s > MAX_KEY) {
                throw Decline.INSTANCE;
            }
            String field;
            char first = chars[s];
            if (first == '\'' || first == '"') {
                field = unquote(s, quotedEnd(s, end));
            } else {
                field = text.substring(s, trimEnd(s, colon));
                if (field.equals("<<")) {
                    throw Decline.INSTANCE; // a merge key: the only plain key the resolver reads as other than text
                }
            }
            if (map.has(field)) {
                throw Decline.INSTANCE; // SnakeYAML's path words the error
            }
            Position keyAt = position(line, c);
            int v = skipSpaces(colon + 1, end);
            Node value;
            boolean scalar = false;
            if (v == end || chars[v] == '#') {
                int keyLine = line;
                int next = nextContent(line + 1, -1);
                if (next < lines && indents[next] > c) {
                    line = next;
                    value = collection(indents[next], map, field, -1, keyAt, depth + 1);
                } else if (next < lines && indents[next] == c && entryAt(next, c)) {
                    line = next; // a sequence not indented under its key
                    value = sequence(c, map, field, -1, keyAt, depth + 1);
                } else {
                    // no value: SnakeYAML places the null just after the colon
                    value = empty(keyLine, colon + 1 - starts[keyLine], map, field, -1, keyAt, depth + 1);
                }
            } else {
                value = inline(v, map, field, -1, keyAt, depth + 1);
                scalar = true;
            }
            map.put(field, value);
            int next = nextContent(line + 1, scalar ? c : -1);
            if (next >= lines || indents[next] < c) {
                return map;
            }
            if (indents[next] > c || entryAt(next, c)) {
                throw Decline.INSTANCE; // a scalar going on, or an error
            }
            line = next;
        }
    }

    /** A block sequence whose entries ({@code - }) stand at column {@code c}, the first on the current line. */
    private SequenceNode sequence(int c, Node parent, String key, int index, Position keyPos, int depth)
            throws Decline, ManifestException {
        if (depth >= maxDepth) {
            throw Decline.INSTANCE;
        }
        Position at = position(line, c);
        budget.value(at, depth);
        SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
        int items = budget.items(parent, key, depth);
        // a List's entries are documents of their own: roots, so that their paths start at them without a copy
        boolean entries = parent == null && depth == 1 && rootDepth == 1;
        Node owner = entries ? null : seq;
        for (int i = 0; ; i++) {
            budget.entry(items);
            int itemIndex = entries ? -1 : i;
            int end = ends[line];
            int v = skipSpaces(starts[line] + c + 1, end);
            Node item;
            boolean scalar = false;
            if (v == end || chars[v] == '#') {
                int entryLine = line;
                int next = nextContent(line + 1, -1);
                if (next < lines && indents[next] > c) {
                    line = next;
                    item = collection(indents[next], owner, null, itemIndex, null, depth + 1);
                } else {
                    // an empty entry: SnakeYAML places the null just after the dash
                    item = empty(entryLine, c + 1, owner, null, itemIndex, null, depth + 1);
                }
            } else {
                int vc = v - starts[line];
                if (entryAt(line, vc)) {
                    item = sequence(vc, owner, null, itemIndex, null, depth + 1);
                } else if (keyColon(v, end) >= 0) {
                    item = mapping(vc, owner, null, itemIndex, null, depth + 1);
                } else {
                    item = inline(v, owner, null, itemIndex, null, depth + 1);
                    scalar = true;
                }
            }
            seq.add(item);
            int next = nextContent(line + 1, scalar ? c : -1);
            if (next >= lines || indents[next] != c || !entryAt(next, c)) {
                // what follows is the parent's to judge: a key of the mapping over a sequence not indented, or not
                if (next < lines && indents[next] > c) {
                    throw Decline.INSTANCE;
                }
                budget.endItems(items);
                return seq;
            }
            line = next;
        }
    }

    /** A null where a value is left out, placed where SnakeYAML places it. */
    private ScalarNode empty(int l, int column, Node parent, String key, int index, Position keyPos, int depth)
            throws ManifestException {
        Position at = position(l, column);
        budget.value(at, depth);
        return YamlDocuments.scalar(Tag.NULL, "", parent, key, index, at, keyPos, budget);
    }

    /**
     * A scalar on one line from {@code s}, or an empty flow collection ({@code {}} or {@code []}, as kubectl writes
     * an empty field); the rest of the line at most a comment.
     */
    private Node inline(int s, Node parent, String key, int index, Position keyPos, int depth)
            throws Decline, ManifestException {
        int end = ends[line];
        char first = chars[s];
        Position at = position(line, s - starts[line]);
        if (first == '{' || first == '[') {
            if (s + 1 == end || chars[s + 1] != (first == '{' ? '}' : ']') || depth >= maxDepth) {
                throw Decline.INSTANCE;
            }
            afterValue(s + 2, end);
            budget.value(at, depth);
            return first == '{' ? new MappingNode(parent, key, index, at, keyPos)
                    : new SequenceNode(parent, key, index, at, keyPos);
        }
        String value;
        boolean plain = first != '\'' && first != '"';
        if (plain) {
            if (!plainStart(s, end)) {
                throw Decline.INSTANCE;
            }
            value = text.substring(s, trimEnd(s, plainEnd(s, end)));
        } else {
            int close = quotedEnd(s, end);
            afterValue(close, end);
            value = unquote(s, close);
        }
        budget.value(at, depth);
        Tag tag = YamlDocuments.RESOLVER.resolve(NodeId.scalar, value, plain);
        return YamlDocuments.scalar(tag, value, parent, key, index, at, keyPos, budget);
    }

    /** After a quoted scalar or a flow collection, only spaces and then a comment may follow on the line. */
    private void afterValue(int close, int end) throws Decline {
        int after = skipSpaces(close, end);
        if (after < end && (after == close || chars[after] != '#')) {
            throw Decline.INSTANCE;
        }
    }

    /** The colon that ends a key starting at {@code s} (plain or quoted), or -1 when no key starts there. */
    private int keyColon(int s, int end) throws Decline {
        char first = chars[s];
        if (first == '\'' || first == '"') {
            int after = skipSpaces(quotedEnd(s, end), end);
            return after < end && chars[after] == ':' && (after + 1 == end || chars[after + 1] == ' ')
                    ? after : -1;
        }
        if (!plainStart(s, end)) {
            return -1;
        }
        for (int i = s; i < end; i++) {
            char c = chars[i];
            if (c == ':' && (i + 1 == end || chars[i + 1] == ' ')) {
                return i;
            }
            if (c == ' ' && i + 1 < end && chars[i + 1] == '#') {
                return -1;
            }
        }
        return -1;
    }

    /** Where a plain scalar's text ends: a comment or the line's end; a colon that would make it a key declines. */
    private int plainEnd(int s, int end) throws Decline {
        for (int i = s; i < end; i++) {
            char c = chars[i];
            if (c == ':' && (i + 1 == end || chars[i + 1] == ' ')) {
                throw Decline.INSTANCE;
            }
            if (c == ' ' && i + 1 < end && chars[i + 1] == '#') {
                return i;
            }
        }
        return end;
    }

    /** A plain scalar may start here: not an indicator; a dash, {@code ?} or {@code :} only before a non-space. */
    private boolean plainStart(int s, int end) {
        char c = chars[s];
        if (c == '-' || c == '?' || c == ':') {
            return s + 1 < end && chars[s + 1] != ' ';
        }
        return c != ' ' && NOT_PLAIN_START.indexOf(c) < 0;
    }

    /** Just after the closing quote of the scalar quoted at {@code s}, on the same line; other escapes decline. */
    private int quotedEnd(int s, int end) throws Decline {
        char quote = chars[s];
        for (int i = s + 1; i < end; i++) {
            char c = chars[i];
            if (c == quote) {
                if (quote == '\'' && i + 1 < end && chars[i + 1] == '\'') {
                    i++;
                    continue;
                }
                return i + 1;
            }
            if (c == '\\' && quote == '"') {
                if (i + 1 >= end || "\\\"ntr".indexOf(chars[i + 1]) < 0) {
                    throw Decline.INSTANCE;
                }
                i++;
            }
        }
        throw Decline.INSTANCE;
    }

    /** The text of the quoted scalar from {@code s} to {@code close} (just after its closing quote). */
    private String unquote(int s, int close) {
        char quote = chars[s];
        String body = text.substring(s + 1, close - 1);
        if (quote == '\'') {
            return body.replace("''", "'");
        }
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            out.append(switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> e; // \\ and \"
            });
        }
        return out.toString();
    }

    /**
     * The first line from {@code from} with more than spaces and a comment, or {@link #lines}. After a scalar
     * ({@code limit} its block's column), a comment indented deeper declines: whether the scalar goes on past it
     * is SnakeYAML's to say.
     */
    private int nextContent(int from, int limit) throws Decline {
        for (int l = from; l < lines; l++) {
            int i = starts[l] + indents[l];
            if (i == ends[l]) {
                continue;
            }
            if (chars[i] != '#') {
                return l;
            }
            if (limit >= 0 && indents[l] > limit) {
                throw Decline.INSTANCE;
            }
        }
        return lines;
    }

    /** A sequence entry at column {@code c} of line {@code l}: a dash, then a space or the line's end. */
    private boolean entryAt(int l, int c) {
        int i = starts[l] + c;
        return i < ends[l] && chars[i] == '-' && (i + 1 == ends[l] || chars[i + 1] == ' ');
    }

    private int skipSpaces(int i, int end) {
        while (i < end && chars[i] == ' ') {
            i++;
        }
        return i;
    }

    private int trimEnd(int s, int e) {
        while (e > s && chars[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    private Position position(int l, int column) {
        return new Position(l + 1 + lineOffset, column + 1);
    }
}
