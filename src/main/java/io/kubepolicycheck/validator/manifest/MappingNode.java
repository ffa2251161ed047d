package io.kubepolicycheck.validator.manifest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A mapping's fields in document order. Most Kubernetes mappings hold a handful of fields and the checks look
 * up many fields that are absent, so a short mapping keeps its fields in two arrays and is scanned (no entry
 * objects, no hashing of the key looked up); only a mapping past {@link #INDEXED} fields (labels, annotations,
 * a ConfigMap's data) also keeps a hash index.
 */
public final class MappingNode extends Node {
    private static final int INDEXED = 12;

    private String[] keys = new String[4];
    private Node[] values = new Node[4];
    private int size;
    private Map<String, Integer> index;

    MappingNode(Node parent, String key, int index, Position position, Position keyPosition) {
        super(parent, key, index, position, keyPosition);
    }

    /** Adds a field, or replaces the value of one already there. */
    void put(String field, Node value) {
        int at = indexOf(field);
        if (at >= 0) {
            values[at] = value;
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = field;
        values[size] = value;
        if (index != null) {
            index.put(field, size);
        } else if (size + 1 == INDEXED) {
            index = new HashMap<>(INDEXED * 4);
            for (int i = 0; i <= size; i++) {
                index.put(keys[i], i);
            }
        }
        size++;
    }

    @Override
    public boolean has(String field) {
        return indexOf(field) >= 0;
    }

    private int indexOf(String field) {
        if (index != null) {
            Integer at = index.get(field);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < size; i++) {
            String k = keys[i];
            if (k == field || k.equals(field)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Node get(String field) {
        int at = indexOf(field);
        return at >= 0 ? values[at] : super.get(field);
    }

    @Override
    public boolean isMapping() {
        return true;
    }

    @Override
    public Map<String, Node> fields() {
        return new Fields();
    }

    /** A read-only view of the fields, in document order. */
    private final class Fields extends AbstractMap<String, Node> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String field && indexOf(field) >= 0;
        }

        @Override
        public Node get(Object key) {
            int at = key instanceof String field ? indexOf(field) : -1;
            return at >= 0 ? values[at] : null;
        }

        @Override
        public Set<Entry<String, Node>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, Node>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Node> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int at = next++;
                            return new SimpleImmutableEntry<>(keys[at], values[at]);
                        }
                    };
                }
            };
        }
    }
}
