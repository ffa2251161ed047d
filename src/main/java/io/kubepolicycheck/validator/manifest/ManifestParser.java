package io.kubepolicycheck.validator.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a manifest (multi-document YAML, or JSON) into located {@link Node} trees and then into
 * {@link KubernetesObject}s, expanding {@code List} wrappers.
 *
 * <p>Only the composer of SnakeYAML is used, never its constructor: no tag can instantiate anything, and
 * aliases, depth and node count are bounded so a "billion laughs" document is refused while it is read.
 */
public final class ManifestParser {
    private static final Pattern JACKSON_SOURCE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    private static final KubernetesYamlResolver RESOLVER = new KubernetesYamlResolver();
    /** The tags of YAML's own scalar types; anything else is a custom tag. */
    private static final Set<Tag> SCALAR_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.BINARY, Tag.MERGE);
    /** Tags whose text must read as their type. */
    private static final Set<Tag> RESOLVED_TAGS = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\n\\s*");
    private static final Pattern YAML_FLOAT_SPECIAL = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    private final Limits limits;
    /** Made for the first JSON input: a run that reads only YAML (most command lines) does not load Jackson. */
    private volatile JsonFactory json;

    public ManifestParser(Limits limits) {
        this.limits = limits;
    }

    private JsonFactory json() {
        JsonFactory factory = json;
        if (factory == null) {
            // two threads racing here build two equal factories; either will do
            factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
                    .build();
            json = factory;
        }
        return factory;
    }

    public ManifestParser() {
        this(Limits.DEFAULT);
    }

    /** Decodes UTF-8 strictly (a byte that is not UTF-8 is an error with its place), then parses. */
    public List<KubernetesObject> parse(byte[] bytes, String source) throws ManifestException {
        return parse(decode(bytes), source);
    }

    /** The text of the bytes, within the size limit and strictly UTF-8 (else an error saying where). */
    public String decode(byte[] bytes) throws ManifestException {
        if (bytes.length > limits.maxBytes()) {
            throw new ManifestException("manifest is " + bytes.length + " bytes, over the limit of "
                    + limits.maxBytes(), -1, -1, -1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int offset = firstBadUtf8(bytes);
            String prefix = new String(bytes, 0, offset, StandardCharsets.UTF_8);
            Position at = positionOf(prefix, prefix.length());
            throw new ManifestException("input is not UTF-8 text (byte 0x"
                    + String.format("%02x", bytes[offset] & 0xff) + " at offset " + offset + ")",
                    documentAt(prefix), at);
        }
    }

    public List<KubernetesObject> parse(String text, String source) throws ManifestException {
        return objects(documents(text), source);
    }

    /**
     * The objects of a JSON value another reader has already parsed (an AdmissionReview's {@code request.object}),
     * read as {@link #parse(String, String)} reads the same value written out as JSON: the same limits, documents
     * and checks, without writing and reading the text again. There is no text to point into, so every node
     * stands at line 1, column 1.
     */
    public List<KubernetesObject> parse(JsonNode tree, String source) throws ManifestException {
        TreeReader reader = new TreeReader();
        List<Node> documents = new ArrayList<>();
        if (tree.isArray()) {
            for (JsonNode element : tree) {
                reader.document = documents.size();
                documents.add(reader.value(element, null, null, reader.document, 0));
            }
        } else {
            documents.add(reader.value(tree, null, null, -1, 0));
        }
        return objects(documents, source);
    }

    private static List<KubernetesObject> objects(List<Node> documents, String source) throws ManifestException {
        List<KubernetesObject> objects = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            Node root = documents.get(d);
            if (root == null || root.isNil()) {
                continue; // empty or comment-only document: counted, not checked
            }
            objects.addAll(objects(d, root, source));
        }
        return objects;
    }

    /**
     * The documents of a text as located trees, before any {@code List} is unwrapped (index = document number;
     * an empty document is null or a null node). For readers that must see a list whole, e.g. Kube Cover's
     * policy file, whose items are not Kubernetes objects of their own.
     */
    public List<Node> documents(String text) throws ManifestException {
        if (text.length() > limits.maxBytes()) {
            throw new ManifestException("manifest is over the limit of " + limits.maxBytes() + " bytes", -1, -1, -1);
        }
        return looksLikeJson(text)
                ? new JsonReader().read(text.startsWith("\uFEFF") ? text.substring(1) : text)
                : readYaml(text);
    }

    /** The Kubernetes objects of one document: itself, or the items of a {@code List}. */
    public static List<KubernetesObject> objects(int document, Node root, String source) throws ManifestException {
        List<KubernetesObject> out = new ArrayList<>();
        addObject(out, document, root, source);
        return out;
    }

    private static void addObject(List<KubernetesObject> out, int document, Node root, String source)
            throws ManifestException {
        if (!root.isMapping()) {
            throw new ManifestException("expected a Kubernetes object (a mapping with apiVersion and kind), found "
                    + describe(root), document, root.position());
        }
        Node kind = requireString(root, "kind", document);
        requireString(root, "apiVersion", document);
        Node items = root.get("items");
        if (kind.asText().endsWith("List") && items.isSequence()) {
            for (Node item : items.elements()) {
                if (!item.isNil()) {
                    addObject(out, document, detach(item), source);
                }
            }
            return;
        }
        out.add(new KubernetesObject(document, root, source));
    }

    /**
     * The field every object needs: present, a string and not empty, as Kubernetes' {@code TypeMeta} demands.
     * A missing field is reported at the start of the object, a wrong one at its key.
     */
    private static Node requireString(Node object, String field, int document) throws ManifestException {
        Node value = object.get(field);
        if (value.isNil() || "".equals(value.asText())) {
            throw new ManifestException("object has no " + field, document,
                    value.isMissing() ? object.anchor() : value.anchor());
        }
        if (!(value instanceof ScalarNode s) || s.type() != ScalarNode.Type.STRING) {
            throw new ManifestException(field + " must be a string, not " + describe(value), document, value.anchor());
        }
        return value;
    }

    /** List items are objects of their own: their paths start at the item, not at {@code items[i]}. */
    private static Node detach(Node item) {
        return new Rebaser().copy(item, null, null, -1, null);
    }

    private static String describe(Node node) {
        if (node.isSequence()) {
            return "a list";
        }
        if (node.isMapping()) {
            return "a mapping";
        }
        if (node instanceof ScalarNode s) {
            return switch (s.type()) {
                case STRING -> "a string"; // its text is never echoed: it may be a secret pasted by mistake
                case INTEGER -> "the integer " + abbreviate(s.asText());
                case FLOAT -> "the number " + abbreviate(s.asText());
                case BOOLEAN -> "the boolean " + abbreviate(s.asText());
                case NULL -> "null";
            };
        }
        return "nothing";
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /**
     * JSON is text that starts with an object whose first key is quoted ({@code {"apiVersion": ...}}), an empty
     * object, or an array. A YAML document in flow style starts with a brace too, but its keys are bare
     * ({@code {apiVersion: v1, kind: Pod}}): it is read as YAML, while broken JSON still gets JSON's error.
     */
    private static boolean looksLikeJson(String text) {
        int i = skipBlank(text, 0);
        if (i < text.length() && text.charAt(i) == '[') {
            int next = skipBlank(text, i + 1);
            if (next >= text.length() || text.charAt(next) != '{') {
                return true;
            }
            i = next;
        }
        if (i >= text.length() || text.charAt(i) != '{') {
            return false;
        }
        int key = skipBlank(text, i + 1);
        return key >= text.length() || text.charAt(key) == '"' || text.charAt(key) == '}';
    }

    private static int skipBlank(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == '\uFEFF' || Character.isWhitespace(text.charAt(i)))) {
            i++;
        }
        return i;
    }

    // ---- JSON ------------------------------------------------------------------------------------------

    /** One JSON text: an object is one document, each element of a top-level array is a document. */
    private final class JsonReader {
        private int count;
        private int document;

        List<Node> read(String text) throws ManifestException {
            JsonParser p;
            try {
                p = json().createParser(text);
            } catch (IOException e) {
                throw new ManifestException("invalid JSON: " + e.getMessage(), 0, -1, -1);
            }
            try {
                List<Node> documents = new ArrayList<>();
                JsonToken first = p.nextToken();
                if (first == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        document = documents.size();
                        documents.add(value(p, null, null, document, null, 0));
                    }
                } else {
                    documents.add(value(p, null, null, -1, null, 0));
                }
                if (p.nextToken() != null) {
                    throw new ManifestException("unexpected content after the JSON value", document,
                            position(p.currentTokenLocation()));
                }
                return documents;
            } catch (StreamConstraintsException e) {
                throw new ManifestException("manifest nests deeper than " + limits.maxDepth() + " levels", document,
                        position(p.currentTokenLocation()));
            } catch (JsonProcessingException e) {
                throw new ManifestException("invalid JSON: " + readable(e.getOriginalMessage()), document,
                        position(e.getLocation() != null ? e.getLocation() : p.currentLocation()));
            } catch (IOException e) {
                throw new ManifestException("invalid JSON: " + e.getMessage(), document, -1, -1);
            } finally {
                try {
                    p.close();
                } catch (IOException e) {
                    // a parser over a string has nothing to release
                }
            }
        }

        private Node value(JsonParser p, Node parent, String key, int index, Position keyPos, int depth)
                throws IOException, ManifestException {
            Position at = position(p.currentTokenLocation());
            if (++count > limits.maxNodes()) {
                throw new ManifestException("manifest has more than " + limits.maxNodes() + " values", document, at);
            }
            if (depth > limits.maxDepth()) {
                throw new ManifestException("manifest nests deeper than " + limits.maxDepth() + " levels", document, at);
            }
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    MappingNode map = new MappingNode(parent, key, index, at, keyPos);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        Position fieldPos = position(p.currentTokenLocation());
                        if (map.has(field)) {
                            throw new ManifestException("duplicate key \"" + field + "\"", document, fieldPos);
                        }
                        p.nextToken();
                        map.put(field, value(p, map, field, -1, fieldPos, depth + 1));
                    }
                    return map;
                }
                case START_ARRAY -> {
                    SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        seq.add(value(p, seq, null, i++, null, depth + 1));
                    }
                    return seq;
                }
                case VALUE_STRING -> {
                    return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.STRING, p.getText(), p.getText(), false);
                }
                case VALUE_NUMBER_INT -> {
                    BigInteger big = p.getBigIntegerValue();
                    Object value = big.bitLength() < 64 ? (Object) big.longValue() : null;
                    return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.INTEGER, p.getText(), value, false);
                }
                case VALUE_NUMBER_FLOAT -> {
                    return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.FLOAT, p.getText(), p.getDoubleValue(), false);
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.BOOLEAN, p.getText(),
                            t == JsonToken.VALUE_TRUE, false);
                }
                case VALUE_NULL -> {
                    return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.NULL, "null", null, false);
                }
                default -> throw new ManifestException("unexpected JSON token " + t, document, at);
            }
        }
    }

    /** A tree of Jackson's data binding, node by node; its limits and wording are {@link JsonReader}'s. */
    private final class TreeReader {
        private static final Position NOWHERE = new Position(1, 1);
        private int count;
        private int document;

        private Node value(JsonNode n, Node parent, String key, int index, int depth) throws ManifestException {
            if (++count > limits.maxNodes()) {
                throw new ManifestException("manifest has more than " + limits.maxNodes() + " values", document, NOWHERE);
            }
            // a parser counts a container as a level as soon as it opens
            if ((n.isContainerNode() ? depth + 1 : depth) > limits.maxDepth()) {
                throw new ManifestException("manifest nests deeper than " + limits.maxDepth() + " levels", document,
                        NOWHERE);
            }
            Position keyPos = key == null ? null : NOWHERE;
            switch (n.getNodeType()) {
                case OBJECT -> {
                    MappingNode map = new MappingNode(parent, key, index, NOWHERE, keyPos);
                    for (Map.Entry<String, JsonNode> field : n.properties()) {
                        map.put(field.getKey(), value(field.getValue(), map, field.getKey(), -1, depth + 1));
                    }
                    return map;
                }
                case ARRAY -> {
                    SequenceNode seq = new SequenceNode(parent, key, index, NOWHERE, keyPos);
                    int i = 0;
                    for (JsonNode element : n) {
                        seq.add(value(element, seq, null, i++, depth + 1));
                    }
                    return seq;
                }
                case STRING -> {
                    return new ScalarNode(parent, key, index, NOWHERE, keyPos, ScalarNode.Type.STRING, n.textValue(),
                            n.textValue(), false);
                }
                case NUMBER -> {
                    if (n.isIntegralNumber()) {
                        BigInteger big = n.bigIntegerValue();
                        return new ScalarNode(parent, key, index, NOWHERE, keyPos, ScalarNode.Type.INTEGER, n.asText(),
                                big.bitLength() < 64 ? (Object) big.longValue() : null, false);
                    }
                    return new ScalarNode(parent, key, index, NOWHERE, keyPos, ScalarNode.Type.FLOAT, n.asText(),
                            n.doubleValue(), false);
                }
                case BOOLEAN -> {
                    return new ScalarNode(parent, key, index, NOWHERE, keyPos, ScalarNode.Type.BOOLEAN, n.asText(),
                            n.booleanValue(), false);
                }
                case NULL -> {
                    return new ScalarNode(parent, key, index, NOWHERE, keyPos, ScalarNode.Type.NULL, "null", null, false);
                }
                default -> throw new ManifestException("unexpected JSON value " + n.getNodeType(), document, NOWHERE);
            }
        }
    }

    /** Jackson's message without its notes about sources and its own settings, which mean nothing to a user. */
    private static String readable(String message) {
        String located = JACKSON_SOURCE.matcher(message == null ? "" : message).replaceAll("line $1, column $2");
        // Jackson quotes the offending token, which may be a secret typed without quotes: say what, not which.
        return UNRECOGNIZED_TOKEN.matcher(located).replaceAll("Unrecognized token");
    }

    private static Position position(JsonLocation location) {
        return location == null ? null : new Position(location.getLineNr(), location.getColumnNr());
    }

    // ---- YAML ------------------------------------------------------------------------------------------

    private List<Node> readYaml(String text) throws ManifestException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(Math.max(limits.maxBytes(), 1));
        options.setProcessComments(false);
        // Tags are checked while converting (only the composer runs, nothing is ever constructed from a tag),
        // so every custom tag gets the same located message.
        options.setTagInspector(tag -> true);
        List<Node> documents = new ArrayList<>();
        YamlConverter converter = new YamlConverter(limits.maxNodes());
        LocatingParser parser = new LocatingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        try {
            Composer composer = new Composer(parser, RESOLVER, options);
            while (composer.checkNode()) {
                org.yaml.snakeyaml.nodes.Node node = composer.getNode();
                converter.document = documents.size();
                documents.add(converter.convert(node, null, null, -1, null, 0));
            }
            return documents;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && e.getProblem() != null) {
                // "while scanning a quoted scalar at line 4, column 9: found unexpected end of stream"
                Mark started = e.getContextMark();
                boolean elsewhere = started != null && mark != null
                        && (started.getLine() != mark.getLine() || started.getColumn() != mark.getColumn());
                problem = e.getContext() + (elsewhere ? " at line " + (started.getLine() + 1) + ", column "
                        + (started.getColumn() + 1) : "") + ": " + e.getProblem();
            }
            throw new ManifestException("invalid YAML: " + oneLine(problem), documents.size(),
                    mark == null ? null : new Position(mark.getLine() + 1, mark.getColumn() + 1));
        } catch (ReaderException e) {
            Position at = positionOf(text, e.getPosition());
            throw new ManifestException("input contains a character that YAML does not allow (U+"
                    + String.format("%04X", e.getCodePoint()) + ")", documents.size(), at);
        } catch (YAMLException e) {
            // SnakeYAML's limits (nesting depth, aliases) say no place: the event being read is the place.
            String message = e.getMessage() != null && e.getMessage().startsWith("Nesting Depth exceeded")
                    ? "manifest nests deeper than " + limits.maxDepth() + " levels"
                    : e.getMessage() != null && e.getMessage().startsWith("Number of aliases")
                    ? "manifest uses more than " + limits.maxAliases() + " aliases of collections (is this a YAML bomb?)"
                    : "invalid YAML: " + oneLine(e.getMessage());
            throw new ManifestException(message, documents.size(), parser.lastPosition());
        } catch (StackOverflowError e) {
            throw new ManifestException("manifest nests too deeply", documents.size(), parser.lastPosition());
        }
    }

    /** The parser the composer reads, remembering where the last event it handed out starts. */
    private static final class LocatingParser implements Parser {
        private final Parser delegate;
        private Mark last;

        LocatingParser(Parser delegate) {
            this.delegate = delegate;
        }

        Position lastPosition() {
            return last == null ? null : new Position(last.getLine() + 1, last.getColumn() + 1);
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

    private static final class YamlConverter {
        private final int maxNodes;
        private int nodes;
        int document;

        YamlConverter(int maxNodes) {
            this.maxNodes = maxNodes;
        }

        Node convert(org.yaml.snakeyaml.nodes.Node y, Node parent, String key, int index, Position keyPos, int depth)
                throws ManifestException {
            Position at = new Position(y.getStartMark().getLine() + 1, y.getStartMark().getColumn() + 1);
            if (++nodes > maxNodes) {
                throw new ManifestException("manifest expands to more than " + maxNodes
                        + " values (aliases are expanded; is this a YAML bomb?)", document, at);
            }
            if (depth > 200) {
                throw new ManifestException("manifest nests too deeply", document, at);
            }
            Tag tag = y.getTag();
            if (y instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
                requireTag(tag, Set.of(Tag.MAP), at);
                MappingNode map = new MappingNode(parent, key, index, at, keyPos);
                fill(map, m, depth);
                return map;
            }
            if (y instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
                requireTag(tag, Set.of(Tag.SEQ), at);
                SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
                int i = 0;
                for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
                    seq.add(convert(item, seq, null, i++, null, depth + 1));
                }
                return seq;
            }
            org.yaml.snakeyaml.nodes.ScalarNode s = (org.yaml.snakeyaml.nodes.ScalarNode) y;
            return scalar(s, parent, key, index, at, keyPos);
        }

        private void fill(MappingNode map, org.yaml.snakeyaml.nodes.MappingNode m, int depth) throws ManifestException {
            List<org.yaml.snakeyaml.nodes.Node> merges = new ArrayList<>();
            for (NodeTuple tuple : m.getValue()) {
                org.yaml.snakeyaml.nodes.Node k = tuple.getKeyNode();
                Position keyAt = new Position(k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1);
                if (Tag.MERGE.equals(k.getTag())) {
                    merges.add(tuple.getValueNode());
                    continue;
                }
                if (!(k instanceof org.yaml.snakeyaml.nodes.ScalarNode ks)) {
                    throw new ManifestException("a mapping key must be a plain value, not a "
                            + (k instanceof org.yaml.snakeyaml.nodes.MappingNode ? "mapping" : "list"), document, keyAt);
                }
                requireTag(ks.getTag(), SCALAR_TAGS, keyAt);
                String field = ks.getValue();
                if (map.has(field)) {
                    throw new ManifestException("duplicate key \"" + field + "\"", document, keyAt);
                }
                map.put(field, convert(tuple.getValueNode(), map, field, -1, keyAt, depth + 1));
            }
            // YAML merge keys (<<): explicit keys win over merged ones, as in Kubernetes' decoder.
            for (org.yaml.snakeyaml.nodes.Node merge : merges) {
                List<org.yaml.snakeyaml.nodes.Node> sources = merge instanceof org.yaml.snakeyaml.nodes.SequenceNode seq
                        ? seq.getValue() : List.of(merge);
                for (org.yaml.snakeyaml.nodes.Node src : sources) {
                    if (!(src instanceof org.yaml.snakeyaml.nodes.MappingNode sm)) {
                        Position at = new Position(src.getStartMark().getLine() + 1, src.getStartMark().getColumn() + 1);
                        throw new ManifestException("a merge key (<<) must refer to a mapping", document, at);
                    }
                    for (NodeTuple tuple : sm.getValue()) {
                        if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode ks && !map.has(ks.getValue())) {
                            org.yaml.snakeyaml.nodes.Node k = tuple.getKeyNode();
                            Position keyAt = new Position(k.getStartMark().getLine() + 1, k.getStartMark().getColumn() + 1);
                            map.put(ks.getValue(), convert(tuple.getValueNode(), map, ks.getValue(), -1, keyAt, depth + 1));
                        }
                    }
                }
            }
        }

        /** Only YAML's own types: a custom tag ({@code !foo}, {@code !!python/object}) is refused. */
        private void requireTag(Tag tag, Set<Tag> allowed, Position at) throws ManifestException {
            if (tag != null && !allowed.contains(tag)) {
                throw new ManifestException("custom YAML tag " + shortTag(tag) + " is not allowed", document, at);
            }
        }

        private ScalarNode scalar(org.yaml.snakeyaml.nodes.ScalarNode s, Node parent, String key, int index,
                                  Position at, Position keyPos) throws ManifestException {
            Tag tag = s.getTag();
            String text = s.getValue();
            requireTag(tag, SCALAR_TAGS, at);
            if (RESOLVED_TAGS.contains(tag)) {
                // An explicit !!int, !!bool, ... must fit its text, as in go-yaml: "cannot decode !!str `x` as a !!int".
                Tag implied = RESOLVER.resolve(NodeId.scalar, text, true);
                if (!implied.equals(tag) && !(tag.equals(Tag.FLOAT) && implied.equals(Tag.INT))) {
                    throw new ManifestException("cannot decode " + shortTag(implied) + " `" + abbreviate(text) + "` as a "
                            + shortTag(tag), document, at);
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
    }

    private static Double parseDouble(String text) {
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Position positionOf(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }

    /** The document index of the end of {@code prefix}, counting {@code ---} separators. */
    private static int documentAt(String prefix) {
        int documents = 0;
        boolean sawContent = false;
        for (String line : prefix.split("\n", -1)) {
            if (line.startsWith("---")) {
                if (sawContent) {
                    documents++;
                }
                sawContent = true;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                sawContent = true;
            }
        }
        return documents;
    }

    private static int firstBadUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }
}
