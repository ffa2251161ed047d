package io.kubepolicycheck.validator.rbac;

import java.util.List;
import java.util.Map;

/**
 * A Role ({@code namespace} set) or ClusterRole ({@code namespace} null), with its labels and, for an
 * aggregated ClusterRole, the selectors of the ClusterRoles whose rules it gathers.
 */
public record Role(String namespace, String name, List<PolicyRule> rules, Map<String, String> labels,
                   List<LabelSelector> aggregation) {
    public Role {
        rules = List.copyOf(rules);
        labels = Map.copyOf(labels);
        aggregation = List.copyOf(aggregation);
    }

    public boolean isClusterRole() {
        return namespace == null;
    }
}
