package io.kubepolicycheck.validator.rbac;

import java.util.List;

/**
 * The names of a resource one identity may {@code use} in one namespace: every name (a rule without
 * {@code resourceNames}, or {@code system:masters}), else those its rules list. Read once per request, then asked
 * for each policy. The names are the matching rules' lists one after the other (a name may repeat): an identity
 * usually holds one or two short lists, which a scan answers faster than a set it would build per request.
 */
public record UsableNames(boolean all, List<String> names) {
    public static final UsableNames ALL = new UsableNames(true, List.of());
    public static final UsableNames NONE = new UsableNames(false, List.of());

    public UsableNames {
        names = List.copyOf(names);
    }

    public boolean contains(String name) {
        return all || names.contains(name);
    }
}
