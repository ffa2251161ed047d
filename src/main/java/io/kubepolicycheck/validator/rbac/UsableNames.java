package io.kubepolicycheck.validator.rbac;

import java.util.Set;

/**
 * The names of a resource one identity may {@code use} in one namespace: every name (a rule without
 * {@code resourceNames}, or {@code system:masters}), else those its rules list. Read once per request, then asked
 * for each policy.
 */
public record UsableNames(boolean all, Set<String> names) {
    public static final UsableNames ALL = new UsableNames(true, Set.of());
    public static final UsableNames NONE = new UsableNames(false, Set.of());

    public UsableNames {
        names = Set.copyOf(names);
    }

    public boolean contains(String name) {
        return all || names.contains(name);
    }
}
