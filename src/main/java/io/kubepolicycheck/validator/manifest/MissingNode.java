package io.kubepolicycheck.validator.manifest;

/**
 * An absent field. It points at the start of the document it would belong to, as the contract asks of a
 * finding about a required field that is missing, and it still has a path.
 */
public final class MissingNode extends Node {
    MissingNode(Node parent, String key, int index) {
        super(parent, key, index, null, null);
    }

    /** Found when asked: checks look up many absent fields and report few of them. */
    @Override
    public Position position() {
        return root().position();
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
