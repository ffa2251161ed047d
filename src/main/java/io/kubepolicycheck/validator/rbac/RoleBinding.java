package io.kubepolicycheck.validator.rbac;

import java.util.List;

/**
 * A RoleBinding ({@code namespace} set: grants within that namespace) or ClusterRoleBinding ({@code namespace}
 * null: grants everywhere) of a Role or ClusterRole to subjects.
 */
public record RoleBinding(String namespace, String name, String roleKind, String roleName, List<Subject> subjects) {
    /** A User, Group or ServiceAccount; a ServiceAccount without namespace is in the binding's namespace. */
    public record Subject(String kind, String name, String namespace) {
        boolean matches(Identity who, String bindingNamespace) {
            return switch (kind) {
                case "User" -> name.equals(who.username());
                case "Group" -> who.groups().contains(name);
                case "ServiceAccount" -> {
                    String ns = namespace == null || namespace.isEmpty() ? bindingNamespace : namespace;
                    yield ns != null && Identity.isServiceAccount(who.username(), ns, name);
                }
                default -> false;
            };
        }
    }

    public RoleBinding {
        subjects = List.copyOf(subjects);
    }

    public boolean isClusterRoleBinding() {
        return namespace == null;
    }

    boolean bindsTo(Identity who) {
        for (Subject s : subjects) {
            if (s.matches(who, namespace)) {
                return true;
            }
        }
        return false;
    }
}
