package io.kubepolicycheck.validator.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest (multi-document YAML, or JSON) into located {@link Node} trees and then into
 * {@link KubernetesObject}s, expanding {@code List} wrappers. The documents come from a {@link DocumentSource}
 * ({@link YamlDocuments}, {@link JsonDocuments}), which bounds each one; this class holds the text whole and caps
 * its size, for inputs that arrive whole (an HTTP body, a stored policy set).
 */
public final class ManifestParser {
    private final Limits limits;
    public ManifestParser(Limits limits) {
        this.limits = limits;
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
                reader.budget.startDocument(documents.size());
                documents.add(reader.value(element, null, null, documents.size(), 0));
            }
        } else {
            reader.budget.startDocument(0);
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
        DocumentSource source = DocumentSource.of(text, limits);
        List<Node> documents = new ArrayList<>();
        for (DocumentSource.Document d = source.next(); d != null; d = source.next()) {
            documents.add(d.root());
        }
        return documents;
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

    static String abbreviate(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** A tree of Jackson's data binding, node by node; its limits and wording are {@link JsonDocuments}'s. */
    private final class TreeReader {
        private static final Position NOWHERE = new Position(1, 1);
        private final DocumentBudget budget = new DocumentBudget(limits, false);

        private Node value(JsonNode n, Node parent, String key, int index, int depth) throws ManifestException {
            // a parser counts a container as a level as soon as it opens
            budget.value(NOWHERE, n.isContainerNode() ? depth + 1 : depth);
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
                    int items = budget.items(parent, key, depth);
                    int i = 0;
                    for (JsonNode element : n) {
                        budget.entry(items);
                        seq.add(value(element, seq, null, i++, depth + 1));
                    }
                    budget.endItems(items);
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
                default -> throw new ManifestException("unexpected JSON value " + n.getNodeType(), budget.document(), NOWHERE);
            }
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
