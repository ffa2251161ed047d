package io.kubepolicycheck.validator.manifest;

/**
 * An absent field. It points at the start of the document it would belong to, as the contract asks of a
 * finding about a required field that is missing, and it still has a path.
 */
public final class MissingNode extends Node {
    MissingNode(Node parent, String key, int index) {
        super(parent, key, index, parent.root().position(), null);
    }

    @Override
    public boolean isMissing() {
        return true;
    }

    @Override
    public boolean isNil() {
        return true;
    }
}
