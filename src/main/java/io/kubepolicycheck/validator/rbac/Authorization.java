package io.kubepolicycheck.validator.rbac;

import java.util.List;

/** Whether an identity may {@code use} a named policy object in a namespace. */
public interface Authorization {
    /** A set without RBAC objects: every policy is usable by everyone. */
    Authorization EVERYONE = (who, namespace, apiGroups, resource, name) -> true;

    boolean mayUse(Identity who, String namespace, List<String> apiGroups, String resource, String name);
}
