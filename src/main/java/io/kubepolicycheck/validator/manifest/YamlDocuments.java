package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * The documents of a YAML stream, composed one at a time. Only the composer of SnakeYAML runs, never its
 * constructor: no tag can instantiate anything. Aliases, nesting, size and the values that aliases expand to are
 * bounded per document, so a "billion laughs" document is refused while it is read.
 */
final class YamlDocuments implements DocumentSource {
    static final KubernetesYamlResolver RESOLVER = new KubernetesYamlResolver();
    /** The tags of YAML's own scalar types; anything else is a custom tag. */
    private static final Set<Tag> SCALAR_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.BINARY, Tag.MERGE);
    private static final Set<Tag> MAP_TAGS = Set.of(Tag.MAP);
    private static final Set<Tag> SEQ_TAGS = Set.of(Tag.SEQ);
    /** Tags whose text must read as their type. */
    private static final Set<Tag> RESOLVED_TAGS = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\n\\s*");
    private static final Pattern YAML_FLOAT_SPECIAL = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private final Limits limits;
    private final LoaderOptions options;
    private final LocatingParser parser;
    private final IntFunction<Position> positionOf;
    private final DocumentBudget budget;
    /** Where the text starts in the input it was cut from: lines before it, documents before it. */
    private final int lineOffset;
    /** The depth of a document's root: 0, or 1 for a List's entries read as one sequence ({@link #entries}). */
    private final int rootDepth;
    /** The anchored nodes of the document converted once: met again, they are reached through an alias. */
    private final Set<org.yaml.snakeyaml.nodes.Node> anchored = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Above 0 while converting what an alias expands to. */
    private int expanding;
    private int next;
    private boolean done;

    YamlDocuments(Reader text, Limits limits, IntFunction<Position> positionOf) {
        this(text, limits, positionOf, 0, 0);
    }

    /**
     * Entries of a List's top-level {@code items}, cut from it ({@link YamlChunks}), read as the one block sequence
     * they make, placed and numbered as in the whole stream and at the depth they have in the List, each entry
     * budgeted on its own: any limit they go over is met where reading the List whole meets it. Each entry is a root,
     * its paths starting at it, as {@link ManifestParser#objects} makes the items of a List read whole.
     */
    static YamlDocuments entries(String text, Limits limits, int lineOffset, int document) {
        return new YamlDocuments(new StringReader(text), limits, offset -> null, lineOffset, document, 1);
    }

    /**
     * The documents of a part of a YAML stream that starts at a document's start ({@link YamlChunks}), placed and
     * numbered as in the whole stream: its first line is line {@code lineOffset + 1} there, its first document
     * number {@code firstDocument}.
     */
    YamlDocuments(Reader text, Limits limits, IntFunction<Position> positionOf, int lineOffset, int firstDocument) {
        this(text, limits, positionOf, lineOffset, firstDocument, 0);
    }

    private YamlDocuments(Reader text, Limits limits, IntFunction<Position> positionOf, int lineOffset,
                          int firstDocument, int rootDepth) {
        this.limits = limits;
        this.positionOf = positionOf;
        this.lineOffset = lineOffset;
        this.rootDepth = rootDepth;
        this.next = firstDocument;
        this.budget = new DocumentBudget(limits, true);
        options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(limits.maxAliases());
        // SnakeYAML counts from its root: entries cut from a List are a level less deep than in the List
        options.setNestingDepthLimit(limits.maxDepth() - rootDepth);
        // SnakeYAML counts this per document
        options.setCodePointLimit(Math.max(limits.maxBytes(), 1));
        options.setProcessComments(false);
        // Tags are checked while converting (only the composer runs, nothing is ever constructed from a tag),
        // so every custom tag gets the same located message.
        options.setTagInspector(tag -> true);
        parser = new LocatingParser(new ParserImpl(new StreamReader(text), options), lineOffset);
    }

    @Override
    public Document next() throws ManifestException {
        if (done) {
            return null;
        }
        int index = next;
        try {
            // A composer for each document, since SnakeYAML's composer counts aliases over the whole stream.
            Composer composer = new Composer(parser, RESOLVER, options);
            if (!composer.checkNode()) {
                done = true;
                return null;
            }
            org.yaml.snakeyaml.nodes.Node node = composer.getNode();
            budget.startDocument(index);
            anchored.clear();
            next++;
            return new Document(index, convert(node, null, null, -1, null, rootDepth));
        } catch (MarkedYAMLException e) {
            done = true;
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && e.getProblem() != null) {
                // "while scanning a quoted scalar at line 4, column 9: found unexpected end of stream"
                Mark started = e.getContextMark();
                boolean elsewhere = started != null && mark != null
                        && (started.getLine() != mark.getLine() || started.getColumn() != mark.getColumn());
                problem = e.getContext() + (elsewhere ? " at line " + (started.getLine() + 1 + lineOffset) + ", column "
                        + (started.getColumn() + 1) : "") + ": " + e.getProblem();
            }
            if (mark != null && (e instanceof ScannerException || e instanceof ParserException)) {
                Mark started = e.getContextMark() != null ? e.getContextMark() : mark;
                throw ManifestException.syntax("invalid YAML: " + oneLine(problem), index, position(mark),
                        position(started));
            }
            throw new ManifestException("invalid YAML: " + oneLine(problem), index,
                    mark == null ? null : position(mark));
        } catch (ReaderException e) {
            done = true;
            throw new ManifestException("input contains a character that YAML does not allow (U+"
                    + String.format("%04X", e.getCodePoint()) + ")", index, positionOf.apply(e.getPosition()));
        } catch (YAMLException e) {
            done = true;
            if (e.getCause() instanceof IOException unreadable) {
                throw Utf8Reader.unreadable(unreadable);
            }
            // SnakeYAML's limits (nesting depth, aliases) say no place: the event being read is the place.
            if (e.getMessage() != null && e.getMessage().startsWith("Nesting Depth exceeded")) {
                throw ManifestException.overLimit("manifest nests deeper than " + limits.maxDepth() + " levels",
                        index, parser.lastPosition());
            }
            String message = e.getMessage() != null && e.getMessage().startsWith("Number of aliases")
                    ? "manifest uses more than " + limits.maxAliases()
                            + " aliases of collections (is this a YAML bomb?)"
                    : "invalid YAML: " + oneLine(e.getMessage());
            throw new ManifestException(message, index, parser.lastPosition());
        } catch (StackOverflowError e) {
            done = true;
            throw ManifestException.overLimit("manifest nests too deeply", index, parser.lastPosition());
        } catch (ManifestException e) {
            done = true;
            throw e;
        }
    }

    /** The parser the composer reads, remembering where the last event it handed out starts. */
    private static final class LocatingParser implements Parser {
        private final Parser delegate;
        private final int lineOffset;
        private Mark last;

        LocatingParser(Parser delegate, int lineOffset) {
            this.delegate = delegate;
            this.lineOffset = lineOffset;
        }

        Position lastPosition() {
            return last == null ? null : new Position(last.getLine() + 1 + lineOffset, last.getColumn() + 1);
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return remember(delegate.peekEvent());
        }

        @Override
        public Event getEvent() {
            return remember(delegate.getEvent());
        }

        private Event remember(Event event) {
            if (event != null && event.getStartMark() != null) {
                last = event.getStartMark();
            }
            return event;
        }
    }

    /** {@code !!python/object:os.system} rather than {@code tag:yaml.org,2002:python/object:os.system}. */
    private static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private static String oneLine(String s) {
        return s == null ? "" : LINE_BREAK.matcher(s).replaceAll(" ").trim();
    }

    private Position position(Mark mark) {
        return new Position(mark.getLine() + 1 + lineOffset, mark.getColumn() + 1);
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node y, Node parent, String key, int index, Position keyPos,
                         int depth)
            throws ManifestException {
        Position at = position(y.getStartMark());
        boolean alias = decode(y, at);
        if (y instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
            countValue(at, depth);
            return scalar(y.getTag(), s.getValue(), parent, key, index, at, keyPos, budget);
        }
        try {
            // Aliases can place a value deeper than the text nests, which SnakeYAML's own depth limit does not see.
            countValue(at, depth);
            if (y instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
                requireTag(y.getTag(), MAP_TAGS, at, budget);
                MappingNode map = new MappingNode(parent, key, index, at, keyPos);
                fill(map, m, depth);
                return map;
            }
            requireTag(y.getTag(), SEQ_TAGS, at, budget);
            SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
            int items = budget.items(parent, key, depth);
            // a List's entries are documents of their own: roots, so that their paths start at them without a copy
            boolean entries = parent == null && depth == 1 && rootDepth == 1;
            int i = 0;
            for (org.yaml.snakeyaml.nodes.Node item : ((org.yaml.snakeyaml.nodes.SequenceNode) y).getValue()) {
                budget.entry(items);
                seq.add(convert(item, entries ? null : seq, null, entries ? -1 : i++, null, depth + 1));
            }
            budget.endItems(items);
            return seq;
        } finally {
            if (alias) {
                expanding--;
            }
        }
    }

    /**
     * Counts {@code y} as go-yaml decodes it ({@link DocumentBudget#decoded}), and says whether an alias led to it (an
     * anchored node met again), which go-yaml counts first. What an alias to a collection holds counts as expanded
     * ({@link #countValue}) until the caller, done with it, takes {@link #expanding} down again.
     */
    private boolean decode(org.yaml.snakeyaml.nodes.Node y, Position at) throws ManifestException {
        boolean alias = y.getAnchor() != null && !anchored.add(y);
        if (alias) {
            budget.decoded(at, expanding > 0);
        }
        budget.decoded(at, alias || expanding > 0);
        if (alias && !(y instanceof org.yaml.snakeyaml.nodes.ScalarNode)) {
            expanding++;
        }
        return alias;
    }

    private void countValue(Position at, int depth) throws ManifestException {
        if (expanding > 0) {
            budget.expandedValue(at, depth);
        } else {
            budget.value(at, depth);
        }
    }

    private void fill(MappingNode map, org.yaml.snakeyaml.nodes.MappingNode m, int depth) throws ManifestException {
        List<org.yaml.snakeyaml.nodes.Node> merges = new ArrayList<>();
        for (NodeTuple tuple : m.getValue()) {
            org.yaml.snakeyaml.nodes.Node k = tuple.getKeyNode();
            Position keyAt = position(k.getStartMark());
            if (Tag.MERGE.equals(k.getTag())) {
                merges.add(tuple.getValueNode());
                continue;
            }
            budget.decoded(keyAt, expanding > 0);
            if (!(k instanceof org.yaml.snakeyaml.nodes.ScalarNode ks)) {
                throw new ManifestException("a mapping key must be a plain value, not a "
                        + (k instanceof org.yaml.snakeyaml.nodes.MappingNode ? "mapping" : "list"), budget.document(),
                        keyAt);
            }
            requireTag(ks.getTag(), SCALAR_TAGS, keyAt, budget);
            String field = ks.getValue();
            if (map.has(field)) {
                throw new ManifestException("duplicate key \"" + field + "\"", budget.document(), keyAt);
            }
            map.put(field, convert(tuple.getValueNode(), map, field, -1, keyAt, depth + 1));
        }
        // YAML merge keys (<<): explicit keys win over merged ones, as in Kubernetes' decoder.
        for (org.yaml.snakeyaml.nodes.Node merge : merges) {
            List<org.yaml.snakeyaml.nodes.Node> sources = merge instanceof org.yaml.snakeyaml.nodes.SequenceNode seq
                    ? seq.getValue() : List.of(merge);
            for (org.yaml.snakeyaml.nodes.Node src : sources) {
                if (!(src instanceof org.yaml.snakeyaml.nodes.MappingNode sm)) {
                    throw new ManifestException("a merge key (<<) must refer to a mapping", budget.document(),
                            position(src.getStartMark()));
                }
                boolean alias = decode(sm, position(sm.getStartMark())); // merged through an alias: expanded
                try {
                    for (NodeTuple tuple : sm.getValue()) {
                        if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode ks
                                && !map.has(ks.getValue())) {
                            Position keyAt = position(ks.getStartMark());
                            budget.decoded(keyAt, expanding > 0);
                            map.put(ks.getValue(), convert(tuple.getValueNode(), map, ks.getValue(), -1, keyAt,
                                    depth + 1));
                        }
                    }
                } finally {
                    if (alias) {
                        expanding--;
                    }
                }
            }
        }
    }

    /** Only YAML's own types: a custom tag ({@code !foo}, {@code !!python/object}) is refused. */
    private static void requireTag(Tag tag, Set<Tag> allowed, Position at, DocumentBudget budget)
            throws ManifestException {
        if (tag != null && !allowed.contains(tag)) {
            throw new ManifestException("custom YAML tag " + shortTag(tag) + " is not allowed", budget.document(), at);
        }
    }

    /** A scalar of {@code tag} (explicit, or as the resolver typed its text); {@link BlockYaml} builds them too. */
    static ScalarNode scalar(Tag tag, String text, Node parent, String key, int index, Position at, Position keyPos,
                             DocumentBudget budget) throws ManifestException {
        requireTag(tag, SCALAR_TAGS, at, budget);
        if (RESOLVED_TAGS.contains(tag)) {
            // An explicit !!int, !!bool, ... must fit its text, as in go-yaml: "cannot decode !!str `x` as a !!int".
            Tag implied = RESOLVER.resolve(NodeId.scalar, text, true);
            if (!implied.equals(tag) && !(tag.equals(Tag.FLOAT) && implied.equals(Tag.INT))) {
                throw new ManifestException("cannot decode " + shortTag(implied) + " `"
                        + ManifestParser.abbreviate(text) + "` as a " + shortTag(tag), budget.document(), at);
            }
        }
        if (Tag.NULL.equals(tag)) {
            return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.NULL, text, null, true);
        }
        if (Tag.BOOL.equals(tag)) {
            return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.BOOLEAN, text,
                    KubernetesYamlResolver.isTrue(text), true);
        }
        if (Tag.INT.equals(tag)) {
            if (KubernetesYamlResolver.isPlainDecimal(text)) {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.INTEGER, text,
                        Long.parseLong(text), true);
            }
            BigInteger value = KubernetesYamlResolver.integer(text);
            return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.INTEGER, text,
                    value != null && value.bitLength() < 64 ? value.longValue() : null, true);
        }
        if (Tag.FLOAT.equals(tag)) {
            Double value = YAML_FLOAT_SPECIAL.matcher(text).matches() ? null : parseDouble(text);
            return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.FLOAT, text, value, true);
        }
        // !!str, !!timestamp, !!binary, and "<<" where it is a value rather than a merge key.
        return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.STRING, text, text, true);
    }

    private static Double parseDouble(String text) {
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
