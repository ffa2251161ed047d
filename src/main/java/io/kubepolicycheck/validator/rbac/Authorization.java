package io.kubepolicycheck.validator.rbac;

import java.util.List;

/** Which named policy objects an identity may {@code use} in a namespace. */
public interface Authorization {
    /** A set without RBAC objects: every policy is usable by everyone. */
    Authorization EVERYONE = (who, namespace, apiGroups, resource) -> UsableNames.ALL;

    UsableNames usableNames(Identity who, String namespace, List<String> apiGroups, String resource);

    default boolean mayUse(Identity who, String namespace, List<String> apiGroups, String resource, String name) {
        return usableNames(who, namespace, apiGroups, resource).contains(name);
    }
}
