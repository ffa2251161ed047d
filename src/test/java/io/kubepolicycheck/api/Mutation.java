package io.kubepolicycheck.api;

import io.kubepolicycheck.validator.render.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One random change to a tree of YAML-loaded maps and lists: a field or a list item, anywhere, is given a value of
 * another type (an edge value of each JSON type) or removed. What {@link #apply} returns says what it changed, for
 * an assertion's message.
 */
final class Mutation {
    /** Values of every JSON type, and edge values of each. */
    private static final List<Object> REPLACEMENTS = List.of(
            "x", "", "ALL", "*", "0", -1, 0, 2147483648L, Long.MIN_VALUE, 1.5, true, false,
            List.of(), List.of("a"), List.of(1), List.of(List.of()), List.of(Map.of("name", 1)),
            Map.of(), Map.of("type", 7), Map.of("name", Map.of()), "a".repeat(5000));

    private Mutation() {
    }

    /** Changes one place of {@code tree} (mutable maps and lists, as the YAML loader makes them). */
    static String apply(Object tree, Random random) {
        List<Slot> slots = new ArrayList<>();
        slots(tree, "", slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        int choice = random.nextInt(REPLACEMENTS.size() + 1);
        return slot.replace(choice == REPLACEMENTS.size() ? null : REPLACEMENTS.get(choice));
    }

    /** A place in the tree that a mutation can change: a mapping's field or a list's item. */
    private record Slot(Object parent, Object key, String path) {
        @SuppressWarnings("unchecked")
        String replace(Object value) {
            if (parent instanceof Map<?, ?> map) {
                if (value == null) {
                    map.remove(key);
                    return "removing " + path;
                }
                ((Map<Object, Object>) map).put(key, value);
            } else {
                List<Object> list = (List<Object>) parent;
                if (value == null) {
                    list.remove((int) (Integer) key);
                    return "removing " + path;
                }
                list.set((Integer) key, value);
            }
            return path + " = " + Json.MAPPER.valueToTree(value).toString().replaceAll("(a{20})a+", "$1...");
        }
    }

    private static void slots(Object node, String path, List<Slot> out) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String at = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
                out.add(new Slot(map, e.getKey(), at));
                slots(e.getValue(), at, out);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String at = path + "[" + i + "]";
                out.add(new Slot(list, i, at));
                slots(list.get(i), at, out);
            }
        }
    }
}
