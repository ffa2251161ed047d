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

    /** Whether the rule grants the verb on the resource in one of the groups, for some names at least. */
    boolean grants(String verb, List<String> inApiGroups, String resource) {
        if (!(verbs.contains("*") || verbs.contains(verb)) || !(resources.contains("*") || resources.contains(resource))) {
            return false;
        }
        for (String group : inApiGroups) {
            if (apiGroups.contains("*") || apiGroups.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
