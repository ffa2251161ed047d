package io.kubepolicycheck.policystore;

import java.util.List;

/** No set has this id. The message names the sets that do exist, as far as they are known without a remote call. */
public final class PolicySetNotFoundException extends Exception {
    /** Past this many ids the message stops listing: it must fit a screen. */
    static final int MAX_LISTED = 20;
    private final String id;

    public PolicySetNotFoundException(String id) {
        this(id, List.of());
    }

    public PolicySetNotFoundException(String id, List<String> available) {
        super("policy set \"" + id + "\" not found" + available(available), null, false, false);
        this.id = id;
    }

    private static String available(List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        String listed = String.join(", ", ids.subList(0, Math.min(ids.size(), MAX_LISTED)));
        return "; available: " + listed + (ids.size() > MAX_LISTED ? ", and " + (ids.size() - MAX_LISTED)
                + " more (kube-policy-check sets, or GET /v1/policy-sets, lists them all)" : "");
    }

    public String id() {
        return id;
    }
}
