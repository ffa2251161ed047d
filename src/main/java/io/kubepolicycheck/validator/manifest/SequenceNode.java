package io.kubepolicycheck.validator.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class SequenceNode extends Node {
    private final List<Node> elements = new ArrayList<>();
    private final List<Node> readOnly = Collections.unmodifiableList(elements);

    SequenceNode(Node parent, String key, int index, Position position, Position keyPosition) {
        super(parent, key, index, position, keyPosition);
    }

    void add(Node element) {
        elements.add(element);
    }

    @Override
    public Node get(int i) {
        return i >= 0 && i < elements.size() ? elements.get(i) : super.get(i);
    }

    @Override
    public boolean isSequence() {
        return true;
    }

    @Override
    public List<Node> elements() {
        return readOnly;
    }
}
