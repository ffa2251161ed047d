package io.kubepolicycheck.validator.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

public final class MappingNode extends Node {
    private final Map<String, Node> fields = new LinkedHashMap<>();

    MappingNode(Node parent, String key, int index, Position position, Position keyPosition) {
        super(parent, key, index, position, keyPosition);
    }

    void put(String field, Node value) {
        fields.put(field, value);
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    @Override
    public Node get(String field) {
        Node n = fields.get(field);
        return n != null ? n : super.get(field);
    }

    @Override
    public boolean isMapping() {
        return true;
    }

    @Override
    public Map<String, Node> fields() {
        return Collections.unmodifiableMap(fields);
    }
}
