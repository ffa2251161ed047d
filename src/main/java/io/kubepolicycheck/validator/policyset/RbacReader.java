package io.kubepolicycheck.validator.policyset;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.rbac.LabelSelector;
import io.kubepolicycheck.validator.rbac.PolicyRule;
import io.kubepolicycheck.validator.rbac.Role;
import io.kubepolicycheck.validator.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code ClusterRole}, {@code Role}, {@code ClusterRoleBinding} and {@code RoleBinding}
 * ({@code rbac.authorization.k8s.io/v1}) strictly: a misspelt {@code resourceNames} would otherwise widen a grant.
 */
final class RbacReader {
    static final Set<String> KINDS = Set.of("ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding");
    private static final Set<String> API_VERSIONS = Set.of("rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1");

    private RbacReader() {
    }

    static Role role(String key, KubernetesObject object) throws InvalidPolicySetException {
        Strict s = strict(key, object);
        Node root = object.root();
        boolean cluster = "ClusterRole".equals(object.kind());
        if (cluster) {
            s.known(root, "apiVersion", "kind", "metadata", "rules", "aggregationRule");
        } else {
            s.known(root, "apiVersion", "kind", "metadata", "rules");
        }
        List<PolicyRule> rules = new ArrayList<>();
        for (Node r : s.list(root.get("rules"))) {
            s.known(r, "apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs");
            rules.add(new PolicyRule(s.strings(r.get("verbs")), s.strings(r.get("apiGroups")),
                    s.strings(r.get("resources")), s.strings(r.get("resourceNames"))));
        }
        List<LabelSelector> aggregation = new ArrayList<>();
        Node rule = root.get("aggregationRule");
        s.known(rule, "clusterRoleSelectors");
        for (Node selector : s.list(rule.get("clusterRoleSelectors"))) {
            aggregation.add(selector(s, selector));
        }
        return new Role(cluster ? null : namespace(s, object), object.name(), rules,
                s.stringMap(root.get("metadata").get("labels")), aggregation);
    }

    static RoleBinding binding(String key, KubernetesObject object) throws InvalidPolicySetException {
        Strict s = strict(key, object);
        Node root = object.root();
        s.known(root, "apiVersion", "kind", "metadata", "roleRef", "subjects");
        Node ref = root.get("roleRef");
        if (!ref.isMapping()) {
            throw s.error(ref.isMissing() ? root : ref, "roleRef is required");
        }
        s.known(ref, "apiGroup", "kind", "name");
        boolean cluster = "ClusterRoleBinding".equals(object.kind());
        String roleKind = cluster ? s.oneOf(ref.get("kind"), true, "ClusterRole")
                : s.oneOf(ref.get("kind"), true, "Role", "ClusterRole");
        String roleName = s.requiredText(ref.get("name"));
        List<RoleBinding.Subject> subjects = new ArrayList<>();
        for (Node subject : s.list(root.get("subjects"))) {
            s.known(subject, "kind", "apiGroup", "name", "namespace");
            String kind = s.oneOf(subject.get("kind"), true, "User", "Group", "ServiceAccount");
            String namespace = s.text(subject.get("namespace"));
            if (cluster && "ServiceAccount".equals(kind) && (namespace == null || namespace.isEmpty())) {
                throw s.error(subject, s.path(subject) + ": a ServiceAccount subject of a ClusterRoleBinding needs a namespace");
            }
            subjects.add(new RoleBinding.Subject(kind, s.requiredText(subject.get("name")), namespace));
        }
        return new RoleBinding(cluster ? null : namespace(s, object), object.name(), roleKind, roleName, subjects);
    }

    private static Strict strict(String key, KubernetesObject object) throws InvalidPolicySetException {
        Strict s = new Strict(key, object.document(), object.kind() + " \"" + (object.name() == null ? "" : object.name()) + "\"",
                object.root());
        if (!API_VERSIONS.contains(object.apiVersion())) {
            throw s.error(object.root().get("apiVersion"), "unsupported apiVersion \"" + object.apiVersion()
                    + "\" (rbac.authorization.k8s.io/v1)");
        }
        if (object.name() == null || object.name().isEmpty()) {
            throw s.error(object.root(), "metadata.name is required");
        }
        return s;
    }

    /** A namespaced object must say its namespace: guessing one could grant in the wrong place. */
    private static String namespace(Strict s, KubernetesObject object) throws InvalidPolicySetException {
        String namespace = object.namespace();
        if (namespace == null || namespace.isEmpty()) {
            throw s.error(object.root(), "metadata.namespace is required for a " + object.kind());
        }
        return namespace;
    }

    private static LabelSelector selector(Strict s, Node node) throws InvalidPolicySetException {
        s.known(node, "matchLabels", "matchExpressions");
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (Node e : s.list(node.get("matchExpressions"))) {
            s.known(e, "key", "operator", "values");
            requirements.add(new LabelSelector.Requirement(s.requiredText(e.get("key")),
                    s.oneOf(e.get("operator"), true, "In", "NotIn", "Exists", "DoesNotExist"), s.strings(e.get("values"))));
        }
        return new LabelSelector(s.stringMap(node.get("matchLabels")), requirements);
    }
}
