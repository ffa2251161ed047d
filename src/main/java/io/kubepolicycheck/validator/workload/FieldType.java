package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.GoStringOrder;
import io.kubepolicycheck.validator.manifest.MappingNode;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.manifest.ScalarNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Go type of an API field, as far as Go's {@code encoding/json} (in Kubernetes' fork, sigs.k8s.io/json)
 * decides whether a JSON value can be decoded into it: a bool, an integer of some width, a string (named string
 * types included), a struct with its known fields, a slice or a map of strings to something.
 *
 * <p>{@link #mismatch} walks a value once, in the decoder's order, and builds nothing unless a value is refused.
 */
final class FieldType {
    private enum Kind { BOOL, INT32, INT64, STRING, STRUCT, SLICE, MAP }

    static final FieldType BOOL = new FieldType(Kind.BOOL, "bool", null, null, Map.of());
    static final FieldType INT32 = new FieldType(Kind.INT32, "int32", null, null, Map.of());
    static final FieldType INT64 = new FieldType(Kind.INT64, "int64", null, null, Map.of());
    static final FieldType STRING = new FieldType(Kind.STRING, "string", null, null, Map.of());

    private final Kind kind;
    /** As Go's {@code reflect.Type.String()} prints it: {@code int32}, {@code v1.Protocol}, {@code []v1.Container}. */
    private final String name;
    /** A struct's bare name ({@code PodSpec}), which Go's message puts before the field path. */
    private final String structName;
    private final FieldType element;
    private final Map<String, FieldType> fields;
    /** A struct's fields again, as arrays: what {@link #accepts} looks up. */
    private final String[] fieldNames;
    private final FieldType[] fieldTypes;

    private FieldType(Kind kind, String name, String structName, FieldType element, Map<String, FieldType> fields) {
        this.kind = kind;
        this.name = name;
        this.structName = structName;
        this.element = element;
        this.fields = fields;
        this.fieldNames = fields.keySet().toArray(String[]::new);
        this.fieldTypes = new FieldType[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
            fieldTypes[i] = fields.get(fieldNames[i]);
        }
    }

    /** A named string type of the API, such as {@code v1.Protocol}. */
    static FieldType string(String name) {
        return new FieldType(Kind.STRING, name, null, null, Map.of());
    }

    /**
     * A struct of an API package named {@code v1} (core, apps, batch, meta) with the JSON names and types of the
     * fields that are checked.
     */
    @SafeVarargs
    static FieldType struct(String name, Map.Entry<String, FieldType>... fields) {
        return new FieldType(Kind.STRUCT, "v1." + name, name, null, Map.ofEntries(fields));
    }

    /** A struct that inlines (embeds) this struct's fields, as Go's decoder sees it: a struct of its own name. */
    FieldType inlinedIn(String name) {
        return new FieldType(Kind.STRUCT, "v1." + name, name, null, fields);
    }

    static FieldType sliceOf(FieldType element) {
        return new FieldType(Kind.SLICE, "[]" + element.name, null, element, Map.of());
    }

    static FieldType mapOf(FieldType element) {
        return new FieldType(Kind.MAP, "map[string]" + element.name, null, element, Map.of());
    }

    static Map.Entry<String, FieldType> field(String jsonName, FieldType type) {
        return Map.entry(jsonName, type);
    }

    /**
     * The value the decoder would refuse first when decoding {@code value} into this type, or null when it would
     * refuse none. {@code owner} is the struct whose field holds the value. In {@code sorted} order (YAML, which
     * reaches the decoder through a Go map) the keys of every mapping are visited sorted; else as written.
     * Null is accepted anywhere: it means unset. Unknown fields are not looked at (the API server
     * refuses them only when the request asks for strict field validation, as kubectl does by default).
     */
    Mismatch mismatch(Node value, String owner, boolean sorted) {
        return accepts(value) ? null : refusal(value, owner, sorted);
    }

    /**
     * Whether {@code value} decodes, answered without recursion or allocation beyond a small stack: nearly every
     * object does, and this loop is all the JIT has to compile for it (the recursive walk below compiled into one
     * very large method). Refuses exactly what {@link #refusal} would find a refusal in.
     */
    private boolean accepts(Node value) {
        Node[] nodes = new Node[32];
        FieldType[] types = new FieldType[32];
        nodes[0] = value;
        types[0] = this;
        int top = 1;
        while (top > 0) {
            top--;
            Node node = nodes[top];
            FieldType type = types[top];
            if (node.isNil()) {
                continue;
            }
            if (node instanceof ScalarNode s && s.unencodable() != null) {
                return false;
            }
            int pushed;
            switch (type.kind) {
                case STRUCT -> {
                    if (!(node instanceof MappingNode mapping)) {
                        return false;
                    }
                    pushed = 0;
                    for (int i = 0; i < type.fieldNames.length; i++) {
                        Node field = mapping.getIfPresent(type.fieldNames[i]);
                        if (field != null) {
                            if (top + pushed == nodes.length) {
                                nodes = Arrays.copyOf(nodes, nodes.length * 2);
                                types = Arrays.copyOf(types, types.length * 2);
                            }
                            nodes[top + pushed] = field;
                            types[top + pushed] = type.fieldTypes[i];
                            pushed++;
                        }
                    }
                }
                case MAP, SLICE -> {
                    if (type.kind == Kind.MAP ? !node.isMapping() : !node.isSequence()) {
                        return false;
                    }
                    Iterable<Node> children = type.kind == Kind.MAP ? node.fields().values() : node.elements();
                    pushed = 0;
                    for (Node child : children) {
                        if (top + pushed == nodes.length) {
                            nodes = Arrays.copyOf(nodes, nodes.length * 2);
                            types = Arrays.copyOf(types, types.length * 2);
                        }
                        nodes[top + pushed] = child;
                        types[top + pushed] = type.element;
                        pushed++;
                    }
                }
                default -> {
                    if (type.scalar(node)) {
                        pushed = 0;
                    } else {
                        return false;
                    }
                }
            }
            top += pushed;
        }
        return true;
    }

    /** Whether a value that is not nil and can be encoded decodes into this bool, string or integer type. */
    private boolean scalar(Node value) {
        if (!(value instanceof ScalarNode s)) {
            return false;
        }
        return switch (kind) {
            case BOOL -> s.type() == ScalarNode.Type.BOOLEAN;
            case STRING -> s.type() == ScalarNode.Type.STRING;
            case INT32 -> integerWithin(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> integerWithin(s, Long.MIN_VALUE, Long.MAX_VALUE);
            default -> throw new IllegalStateException(kind + " is not a scalar type");
        };
    }

    private static boolean integerWithin(ScalarNode s, long min, long max) {
        if (s.type() != ScalarNode.Type.INTEGER && s.type() != ScalarNode.Type.FLOAT) {
            return false;
        }
        Long n = s.jsonInteger();
        return n != null && n >= min && n <= max;
    }

    /** The value the decoder refuses first in {@code value}, which is known to hold one. */
    private Mismatch refusal(Node value, String owner, boolean sorted) {
        String unencodable = value instanceof ScalarNode s ? s.unencodable() : null;
        if (unencodable != null) {
            return new Mismatch(value, null, unencodable, owner);
        }
        return switch (kind) {
            // which refused field the decoder meets first depends on the order of the keys: walk them in order
            case STRUCT -> value instanceof MappingNode ? entries(value, owner, sorted, true) : refused(value, owner);
            case MAP -> value.isMapping() ? entries(value, owner, sorted, false) : refused(value, owner);
            case SLICE -> value.isSequence() ? elements(value, owner, sorted) : refused(value, owner);
            case BOOL, STRING -> refused(value, owner);
            case INT32, INT64 -> integer(value, owner);
        };
    }

    /**
     * A struct's fields or a map's values. Go's field path names struct fields only (not map keys, not indexes);
     * a struct's fields belong to it, a map's values to the struct that holds the map.
     */
    private Mismatch entries(Node mapping, String owner, boolean sorted, boolean struct) {
        Mismatch first = null;
        String firstKey = null;
        for (Node value : mapping.fields().values()) {
            String key = value.key();
            FieldType type = struct ? fields.get(key) : element;
            if (type == null) {
                continue;
            }
            Mismatch found = type.mismatch(value, struct ? structName : owner, sorted);
            if (found != null && (first == null || sorted && precedes(found, key, first, firstKey))) {
                if (!sorted) {
                    return struct ? found.under(key) : found;
                }
                first = struct ? found.under(key) : found;
                firstKey = key;
            }
        }
        return first;
    }

    /**
     * Whether, in sorted order, a mismatch under {@code key} comes before the one found under {@code firstKey}. A
     * value JSON cannot carry stops the conversion to JSON before anything is decoded, so it comes first; else
     * Go meets keys in the byte order of their UTF-8, which is code point order.
     */
    private static boolean precedes(Mismatch found, String key, Mismatch first, String firstKey) {
        boolean unencodable = found.unencodable() != null;
        if (unencodable != (first.unencodable() != null)) {
            return unencodable;
        }
        return GoStringOrder.compare(key, firstKey) < 0;
    }

    /** A slice's elements, by index; they belong to the slice's owner, as in Go's error context. */
    private Mismatch elements(Node sequence, String owner, boolean sorted) {
        Mismatch first = null;
        for (Node item : sequence.elements()) {
            Mismatch found = element.mismatch(item, owner, sorted);
            if (found != null && (first == null || found.unencodable() != null && first.unencodable() == null)) {
                if (!sorted) {
                    return found;
                }
                first = found;
            }
        }
        return first;
    }

    /**
     * A number into an integer field: Go's {@code strconv.ParseInt} of the JSON text, within the field's width.
     * Anything else is refused as its JSON type; a number that is not such an integer is refused with its text,
     * as Go words it ({@code cannot unmarshal number 80.5 into ... of type int32}).
     */
    private Mismatch integer(Node value, String owner) {
        if (!(value instanceof ScalarNode s) || s.type() != ScalarNode.Type.INTEGER && s.type() != ScalarNode.Type.FLOAT) {
            return refused(value, owner);
        }
        return new Mismatch(value, this, "number " + s.jsonNumber(), owner);
    }

    private Mismatch refused(Node value, String owner) {
        return new Mismatch(value, this, jsonType(value), owner);
    }

    /** How Go's decoder names a JSON value it cannot store: never the value itself (it may be a secret). */
    private static String jsonType(Node value) {
        if (value.isMapping()) {
            return "object";
        }
        if (value.isSequence()) {
            return "array";
        }
        return switch (((ScalarNode) value).type()) {
            case STRING -> "string";
            case BOOLEAN -> "bool";
            default -> "number";
        };
    }

    /**
     * A value the decoder refuses: where it stands, what it is ({@code string}, {@code number 80.5}, ...), the type
     * it cannot become, the struct that holds it and the JSON field names from the object down to it. A value JSON
     * cannot carry ({@code .inf}) has no type and is named as Go names it ({@code +Inf}).
     */
    static final class Mismatch {
        private final Node node;
        private final FieldType type;
        private final String value;
        private final String owner;
        private final List<String> path = new ArrayList<>();

        private Mismatch(Node node, FieldType type, String value, String owner) {
            this.node = node;
            this.type = type;
            this.value = value;
            this.owner = owner;
        }

        /** The same mismatch one struct field further from the object: field names are added from the value up. */
        Mismatch under(String field) {
            path.add(field);
            return this;
        }

        Node node() {
            return node;
        }

        /** Go's name of an unencodable float ({@code +Inf}, {@code NaN}), or null for a type mismatch. */
        String unencodable() {
            return type == null ? value : null;
        }

        /** {@code json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool}. */
        String message() {
            if (type == null) {
                return "json: unsupported value: " + value;
            }
            StringBuilder out = new StringBuilder("json: cannot unmarshal ").append(value)
                    .append(" into Go struct field ").append(owner);
            for (int i = path.size() - 1; i >= 0; i--) {
                out.append('.').append(path.get(i));
            }
            return out.append(" of type ").append(type.name).toString();
        }
    }
}
