package io.kubepolicycheck.validator.rbac;

import io.kubepolicycheck.validator.policy.UserInfo;
import java.util.ArrayList;
import java.util.List;

/** A user as the authorizer sees it: a name and groups. */
public record Identity(String username, List<String> groups) {
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED = "system:unauthenticated";

    public Identity {
        groups = List.copyOf(groups);
    }

    /**
     * The requesting user: as authenticators do, a named user is in {@code system:authenticated}; no name
     * means {@code system:anonymous} in {@code system:unauthenticated}.
     */
    public static Identity of(UserInfo user) {
        List<String> groups = new ArrayList<>(user.groups());
        if (user.username().isEmpty() || ANONYMOUS.equals(user.username())) {
            if (!groups.contains(UNAUTHENTICATED)) {
                groups.add(UNAUTHENTICATED);
            }
            return new Identity(ANONYMOUS, groups);
        }
        if (!groups.contains(AUTHENTICATED)) {
            groups.add(AUTHENTICATED);
        }
        return new Identity(user.username(), groups);
    }

    /** {@code system:serviceaccount:<ns>:<name>} in its groups, as the service account authenticator makes it. */
    public static Identity serviceAccount(String namespace, String name) {
        return new Identity(serviceAccountUsername(namespace, name),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
    }

    public static String serviceAccountUsername(String namespace, String name) {
        return "system:serviceaccount:" + namespace + ":" + name;
    }
}
