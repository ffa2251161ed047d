package io.kubepolicycheck.validator.rbac;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RBAC authorizer over the roles and bindings of a policy set: a ClusterRoleBinding grants its
 * ClusterRole's rules everywhere, a RoleBinding grants its Role's (or ClusterRole's) rules in its namespace.
 * Members of {@code system:masters} may do anything, as the API server's privileged-group authorizer allows.
 */
public final class Rbac implements Authorization {
    public static final String SYSTEM_MASTERS = "system:masters";

    private final Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
    private final Map<String, List<PolicyRule>> roles = new HashMap<>();
    private final List<Grant> grants = new ArrayList<>();

    /** A binding with the rules of the role it names, looked up once. */
    private record Grant(RoleBinding binding, List<PolicyRule> rules) {
    }

    public Rbac(List<Role> allRoles, List<RoleBinding> bindings) {
        for (Role role : allRoles) {
            if (role.isClusterRole()) {
                clusterRoles.put(role.name(), aggregated(role, allRoles));
            } else {
                roles.put(role.namespace() + "/" + role.name(), role.rules());
            }
        }
        for (RoleBinding binding : bindings) {
            grants.add(new Grant(binding, rulesOf(binding)));
        }
    }

    /** A ClusterRole's own rules plus those of every ClusterRole its aggregation rule selects. */
    private static List<PolicyRule> aggregated(Role role, List<Role> allRoles) {
        List<PolicyRule> rules = new ArrayList<>(role.rules());
        for (Role other : allRoles) {
            if (other != role && other.isClusterRole()
                    && role.aggregation().stream().anyMatch(s -> s.matches(other.labels()))) {
                rules.addAll(other.rules());
            }
        }
        return rules;
    }

    @Override
    public UsableNames usableNames(Identity who, String namespace, List<String> apiGroups, String resource) {
        if (who.groups().contains(SYSTEM_MASTERS)) {
            return UsableNames.ALL;
        }
        List<String> names = List.of();
        for (Grant grant : grants) {
            RoleBinding binding = grant.binding();
            if (!binding.isClusterRoleBinding() && !binding.namespace().equals(namespace) || !binding.bindsTo(who)) {
                continue;
            }
            for (PolicyRule rule : grant.rules()) {
                if (!rule.grants("use", apiGroups, resource)) {
                    continue;
                }
                if (rule.resourceNames().isEmpty()) {
                    return UsableNames.ALL;
                }
                names = names.isEmpty() ? rule.resourceNames() : concat(names, rule.resourceNames());
            }
        }
        return names.isEmpty() ? UsableNames.NONE : new UsableNames(false, names);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    private List<PolicyRule> rulesOf(RoleBinding binding) {
        List<PolicyRule> rules = "ClusterRole".equals(binding.roleKind())
                ? clusterRoles.get(binding.roleName())
                : binding.isClusterRoleBinding() ? null : roles.get(binding.namespace() + "/" + binding.roleName());
        return rules == null ? List.of() : rules;
    }
}
