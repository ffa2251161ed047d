package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The contract's verdict JSON, written straight into a {@link StringBuilder} in exactly the bytes of
 * {@link Json#PRETTY} over the verdict records (their field order and {@code @JsonInclude} rules, Jackson's
 * default pretty printer and escaping; JsonRendererTest holds the two together). The verdict is written on every
 * check, so it skips data binding's reflective serializers (and, on the command line, loading data binding).
 */
public final class JsonRenderer implements VerdictRenderer {
    public static final JsonRenderer INSTANCE = new JsonRenderer();

    /** Jackson's {@code DefaultIndenter}: the platform's line break, two spaces a level. */
    private static final String NEWLINE = System.lineSeparator();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A field name of the verdict, quoted and followed by the separator once and for all. */
    private record Name(String quoted) {
        static Name of(String name) {
            return new Name("\"" + name + "\" : ");
        }
    }

    private static final Name ALLOWED = Name.of("allowed");
    private static final Name POLICY_SET = Name.of("policySet");
    private static final Name SUMMARY = Name.of("summary");
    private static final Name RESOURCES = Name.of("resources");
    private static final Name ID = Name.of("id");
    private static final Name VERSION = Name.of("version");
    private static final Name STALE = Name.of("stale");
    private static final Name SOURCE = Name.of("source");
    private static final Name DOCUMENT = Name.of("document");
    private static final Name LINE = Name.of("line");
    private static final Name API_VERSION = Name.of("apiVersion");
    private static final Name KIND = Name.of("kind");
    private static final Name NAMESPACE = Name.of("namespace");
    private static final Name NAME = Name.of("name");
    private static final Name CHECKED = Name.of("checked");
    private static final Name ADMITTED_BY = Name.of("admittedBy");
    private static final Name MESSAGE = Name.of("message");
    private static final Name VIOLATIONS = Name.of("violations");
    private static final Name WARNINGS = Name.of("warnings");
    private static final Name AUDIT = Name.of("audit");
    private static final Name AUDIT_ANNOTATIONS = Name.of("auditAnnotations");
    private static final Name MUTATIONS = Name.of("mutations");
    private static final Name PATH = Name.of("path");
    private static final Name VALUE = Name.of("value");
    private static final Name POLICY = Name.of("policy");
    private static final Name CHECK = Name.of("check");
    private static final Name COLUMN = Name.of("column");

    @Override
    public String render(Verdict verdict) {
        Writer w = new Writer(new StringBuilder(1024 + 2048 * verdict.resources().size()));
        w.startObject();
        w.field(ALLOWED).bool(verdict.allowed());
        w.field(POLICY_SET);
        policySet(w, verdict.policySet());
        w.field(SUMMARY).string(verdict.summary());
        w.field(RESOURCES).startArray();
        for (ResourceVerdict r : verdict.resources()) {
            w.element();
            resource(w, r);
        }
        w.endArray();
        w.endObject();
        return w.out.append('\n').toString();
    }

    private static void policySet(Writer w, PolicySetRef ref) {
        if (ref == null) {
            w.nil();
            return;
        }
        w.startObject();
        stringIfSet(w, ID, ref.id());
        stringIfSet(w, VERSION, ref.version());
        if (ref.stale() != null) {
            w.field(STALE).bool(ref.stale());
        }
        w.endObject();
    }

    /** {@link ResourceVerdict}: null fields left out, but {@code admittedBy} always; audit fields only when non-empty. */
    private static void resource(Writer w, ResourceVerdict r) {
        w.startObject();
        stringIfSet(w, SOURCE, r.source());
        w.field(DOCUMENT).number(r.document());
        w.field(LINE).number(r.line());
        stringIfSet(w, API_VERSION, r.apiVersion());
        stringIfSet(w, KIND, r.kind());
        stringIfSet(w, NAMESPACE, r.namespace());
        stringIfSet(w, NAME, r.name());
        w.field(CHECKED).bool(r.checked());
        w.field(ALLOWED).bool(r.allowed());
        w.field(ADMITTED_BY).string(r.admittedBy());
        stringIfSet(w, MESSAGE, r.message());
        if (r.violations() != null) {
            violations(w, VIOLATIONS, r.violations());
        }
        if (r.warnings() != null) {
            w.field(WARNINGS).startArray();
            for (String warning : r.warnings()) {
                w.element().string(warning);
            }
            w.endArray();
        }
        if (r.audit() != null && !r.audit().isEmpty()) {
            violations(w, AUDIT, r.audit());
        }
        if (r.auditAnnotations() != null && !r.auditAnnotations().isEmpty()) {
            w.field(AUDIT_ANNOTATIONS).startObject();
            for (Map.Entry<String, String> e : r.auditAnnotations().entrySet()) {
                w.field(e.getKey()).string(e.getValue());
            }
            w.endObject();
        }
        if (r.mutations() != null) {
            w.field(MUTATIONS).startArray();
            for (Mutation m : r.mutations()) {
                w.element().startObject();
                w.field(PATH).string(m.path());
                w.field(VALUE);
                value(w, m.value());
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
    }

    /** {@link Violation}: every field, null or not. */
    private static void violations(Writer w, Name field, List<Violation> violations) {
        w.field(field).startArray();
        for (Violation v : violations) {
            w.element().startObject();
            w.field(POLICY).string(v.policy());
            w.field(CHECK).string(v.check());
            w.field(PATH).string(v.path());
            w.field(LINE).number(v.line());
            w.field(COLUMN).number(v.column());
            w.field(MESSAGE).string(v.message());
            w.endObject();
        }
        w.endArray();
    }

    /** A mutation's value: the JSON shapes directly, anything else as data binding sees it. */
    private static void value(Writer w, Object value) {
        if (value == null) {
            w.nil();
        } else if (value instanceof String s) {
            w.string(s);
        } else if (value instanceof Boolean b) {
            w.bool(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal
                || value instanceof BigInteger) {
            number(w, (Number) value);
        } else if (value instanceof Collection<?> items) {
            w.startArray();
            for (Object item : items) {
                w.element();
                value(w, item);
            }
            w.endArray();
        } else {
            tree(w, Json.MAPPER.valueToTree(value));
        }
    }

    private static void tree(Writer w, JsonNode node) {
        if (node.isObject()) {
            w.startObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                w.field(e.getKey());
                tree(w, e.getValue());
            }
            w.endObject();
        } else if (node.isArray()) {
            w.startArray();
            for (JsonNode element : node) {
                w.element();
                tree(w, element);
            }
            w.endArray();
        } else if (node.isTextual()) {
            w.string(node.textValue());
        } else if (node.isNumber()) {
            number(w, node.numberValue());
        } else if (node.isBoolean()) {
            w.bool(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            w.nil();
        } else {
            w.string(node.asText());
        }
    }

    /** As Jackson's generator writes numbers: plainly, except NaN and infinities, which it quotes. */
    private static void number(Writer w, Number n) {
        if (n instanceof Double d && !Double.isFinite(d) || n instanceof Float f && !Float.isFinite(f)) {
            w.string(n.toString());
        } else if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            w.number(n.longValue());
        } else {
            w.raw(n.toString());
        }
    }

    private static void stringIfSet(Writer w, Name field, String value) {
        if (value != null) {
            w.field(field).string(value);
        }
    }

    /**
     * Jackson's {@code DefaultPrettyPrinter}: an object's entries each on a line of their own, indented two spaces
     * a nesting level, {@code "name" : value}; an array's elements on the line, {@code [ a, b ]}; empty ones
     * {@code { }} and {@code [ ]}. Strings escaped as Jackson escapes them: quote, backslash and control characters.
     * Line breaks with their indentation and the verdict's field names are made once: a verdict is mostly short
     * appends, so fewer of them is most of the speed.
     */
    private static final class Writer {
        /** {@code [depth]}: a line break and the indentation of an entry at that depth; with a comma first. */
        private static final String[] INDENT = new String[16];
        private static final String[] NEXT_INDENT = new String[16];

        static {
            for (int depth = 0; depth < INDENT.length; depth++) {
                INDENT[depth] = NEWLINE + "  ".repeat(depth);
                NEXT_INDENT[depth] = "," + INDENT[depth];
            }
        }

        final StringBuilder out;
        private int depth;
        /** Per open object or array, innermost last: whether it has an entry yet. */
        private boolean[] started = new boolean[16];
        private int open;

        Writer(StringBuilder out) {
            this.out = out;
        }

        Writer startObject() {
            out.append('{');
            depth++;
            push();
            return this;
        }

        private void push() {
            if (open == started.length) {
                started = Arrays.copyOf(started, open * 2);
            }
            started[open++] = false;
        }

        void endObject() {
            depth--;
            if (started[--open]) {
                out.append(depth < INDENT.length ? INDENT[depth] : NEWLINE + "  ".repeat(depth));
            } else {
                out.append(' ');
            }
            out.append('}');
        }

        Writer startArray() {
            out.append('[');
            push();
            return this;
        }

        void endArray() {
            out.append(" ]");
            open--;
        }

        /** Before each element of an array. */
        Writer element() {
            out.append(started[open - 1] ? ", " : " ");
            started[open - 1] = true;
            return this;
        }

        /** An entry of the verdict's own, by its name as {@link #name} made it. */
        Writer field(Name name) {
            entry();
            out.append(name.quoted);
            return this;
        }

        /** An entry named by the input (an annotation key). */
        Writer field(String name) {
            entry();
            quoted(name);
            out.append(" : ");
            return this;
        }

        private void entry() {
            boolean next = started[open - 1];
            started[open - 1] = true;
            if (depth < INDENT.length) {
                out.append(next ? NEXT_INDENT[depth] : INDENT[depth]);
            } else {
                out.append(next ? "," : "").append(NEWLINE).append("  ".repeat(depth));
            }
        }

        void string(String value) {
            if (value == null) {
                nil();
            } else {
                quoted(value);
            }
        }

        void bool(boolean value) {
            out.append(value);
        }

        void number(long value) {
            out.append(value);
        }

        void raw(String text) {
            out.append(text);
        }

        void nil() {
            out.append("null");
        }

        /** The text in quotes; the runs between characters to escape are copied whole. */
        private void quoted(String s) {
            out.append('"');
            int from = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    continue;
                }
                out.append(s, from, i);
                from = i + 1;
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            }
            out.append(s, from, s.length()).append('"');
        }
    }
}
