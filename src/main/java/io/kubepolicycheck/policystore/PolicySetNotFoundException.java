package io.kubepolicycheck.policystore;

/** No set has this id. */
public final class PolicySetNotFoundException extends Exception {
    private final String id;

    public PolicySetNotFoundException(String id) {
        super("policy set \"" + id + "\" not found", null, false, false);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
