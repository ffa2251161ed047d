package io.kubepolicycheck.validator.manifest;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A mapping's fields in document order. Most Kubernetes mappings hold a handful to a dozen fields and the checks
 * look up many fields that are absent, so a short mapping keeps its keys' hash codes in an array and scans that
 * (one cache line, no entry objects; a key is compared only when its hash matches); only a mapping past
 * {@link #INDEXED} fields (labels, annotations, a ConfigMap's data) also keeps a hash index. Before either, a
 * one-word test of {@link #present} settles most absent fields.
 */
public final class MappingNode extends Node {
    private static final int INDEXED = 16;

    private int[] hashes = new int[4];
    private String[] keys = new String[4];
    private Node[] values = new Node[4];
    private int size;
    /** One bit per key, chosen by its hash: a field whose bit is clear is absent without a scan. */
    private long present;
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
            hashes = Arrays.copyOf(hashes, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int hash = field.hashCode();
        hashes[size] = hash;
        present |= 1L << hash;
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
        int hash = field.hashCode();
        if ((present & (1L << hash)) == 0) {
            return -1;
        }
        if (index != null) {
            Integer at = index.get(field);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && keys[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** The field's value, or null where {@link #get} would make a missing node: for walks that build nothing. */
    public Node getIfPresent(String field) {
        int at = indexOf(field);
        return at >= 0 ? values[at] : null;
    }

    @Override
    public Node get(String field) {
        int at = indexOf(field);
        return at >= 0 ? values[at] : super.get(field);
    }

    @Override
    public Node get(String prefix, String suffix) {
        int length = prefix.length() + suffix.length();
        for (int i = 0; i < size; i++) {
            String key = keys[i];
            if (key.length() == length && key.startsWith(prefix) && key.endsWith(suffix)) {
                return values[i];
            }
        }
        return super.get(prefix, suffix);
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
                    return new Cursor<>() {
                        @Override
                        Entry<String, Node> at(int i) {
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }
            };
        }

        /** The values without an entry object for each: what a walk over a whole tree reads. */
        @Override
        public Collection<Node> values() {
            return new AbstractCollection<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Node> iterator() {
                    return new Cursor<>() {
                        @Override
                        Node at(int i) {
                            return values[i];
                        }
                    };
                }
            };
        }
    }

    /** Walks the fields in document order. */
    private abstract class Cursor<T> implements Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public T next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
