package io.kubepolicycheck.policystore;

import java.util.regex.Pattern;

/** The contract's set id syntax; anything else is refused before it can name another key. */
public final class PolicySetIds {
    private static final Pattern ID = Pattern.compile("^[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?$");
    /** The rule in words, for error messages. */
    public static final String RULE = "must match " + ID.pattern() + " and must not contain \"..\"";

    private PolicySetIds() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }
}
