package io.kubepolicycheck.validator.manifest;

import java.util.ArrayList;
import java.util.List;

/** A field path as findings and defaults name a place in an object: {@code spec.containers[0].securityContext}. */
public final class FieldPath {
    private FieldPath() {
    }

    /** {@code spec.containers[0].securityContext}, {@code metadata.annotations[a.b/c]}: names, indexes and keys. */
    public static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                out.add(path.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                out.add(path.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
