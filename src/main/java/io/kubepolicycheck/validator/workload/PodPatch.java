package io.kubepolicycheck.validator.workload;

import io.kubepolicycheck.validator.manifest.FieldPath;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PatchOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 6902 JSON Patch that turns an object, as submitted, into the one a mutating admission plugin stores:
 * the defaults its chosen policy applied ({@link Mutation}s, by field path) and the annotations it writes on the
 * pod. A field that exists is replaced; a field that does not is added, and where its parents are missing too,
 * the first missing one is added holding every edit below it, so that the patch applies to the object as sent.
 */
public final class PodPatch {
    /** The edits under one place of the tree: a value to set there, or edits of its children, in first-seen order. */
    private static final class Edit {
        private boolean set;
        private Object value;
        private final Map<String, Edit> children = new LinkedHashMap<>();
    }

    private PodPatch() {
    }

    /** No operation when there is nothing to change: every default in place, every annotation already there. */
    public static List<PatchOperation> of(PodTemplate pod, List<Mutation> mutations, Map<String, String> annotations) {
        Edit root = new Edit();
        for (Mutation m : mutations) {
            put(root, m.path(), m.value());
        }
        String metadata = pod.path(pod.metadata());
        annotations.forEach((key, value) -> {
            if (!value.equals(pod.annotation(key))) {
                put(root, metadata + ".annotations[" + key + "]", value);
            }
        });
        if (root.children.isEmpty()) {
            return List.of();
        }
        List<PatchOperation> out = new ArrayList<>();
        walk(pod.object().root(), "", root, out);
        return Collections.unmodifiableList(out);
    }

    private static void put(Edit root, String path, Object value) {
        Edit e = root;
        for (String segment : FieldPath.segments(path)) {
            e = e.children.computeIfAbsent(segment, s -> new Edit());
        }
        e.set = true;
        e.value = value;
        e.children.clear();
    }

    private static void walk(Node node, String pointer, Edit edit, List<PatchOperation> out) {
        for (Map.Entry<String, Edit> entry : edit.children.entrySet()) {
            String segment = entry.getKey();
            Edit child = entry.getValue();
            Node target = node.isSequence() ? node.get(Integer.parseInt(segment)) : node.get(segment);
            String path = pointer + "/" + escape(segment);
            if (child.set || target.isNil()) {
                out.add(new PatchOperation(target.isMissing() ? PatchOperation.ADD : PatchOperation.REPLACE, path,
                        value(child)));
            } else {
                walk(target, path, child, out);
            }
        }
    }

    /** What an edit puts in place: its value, or a mapping of its children's. */
    private static Object value(Edit edit) {
        if (edit.set) {
            return edit.value;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        edit.children.forEach((key, child) -> fields.put(key, value(child)));
        return Collections.unmodifiableMap(fields);
    }

    /** RFC 6901: {@code ~} first, then {@code /}, so an escaped slash is not read back as a tilde. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
