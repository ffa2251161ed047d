package io.kubepolicycheck.validator.rbac;

import java.util.List;

/** A rule of a Role or ClusterRole; {@code *} matches anything; no resourceNames means every name. */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources, List<String> resourceNames) {
    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
    }

    public boolean allows(String verb, String apiGroup, String resource, String name) {
        return (verbs.contains("*") || verbs.contains(verb))
                && (apiGroups.contains("*") || apiGroups.contains(apiGroup))
                && (resources.contains("*") || resources.contains(resource))
                && (resourceNames.isEmpty() || resourceNames.contains(name));
    }
}
