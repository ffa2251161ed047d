package io.kubepolicycheck.validator.rbac;

import io.kubepolicycheck.validator.policy.UserInfo;
import java.util.ArrayList;
import java.util.List;

/** A user as the authorizer sees it: a name and groups. */
public record Identity(String username, List<String> groups) {
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public Identity {
        groups = List.copyOf(groups);
    }

    /**
     * The requesting user: as authenticators do, a user is in {@code system:authenticated}, a service account
     * ({@code system:serviceaccount:<ns>:<name>}) also in its service account groups. A request that names no
     * user stands for someone who may create pods, so an authenticated user with the groups given; only
     * {@code system:anonymous} itself is in {@code system:unauthenticated}.
     */
    public static Identity of(UserInfo user) {
        List<String> groups = new ArrayList<>(user.groups());
        if (ANONYMOUS.equals(user.username())) {
            addMissing(groups, UNAUTHENTICATED);
            return new Identity(ANONYMOUS, groups);
        }
        String[] serviceAccount = user.username().startsWith(SERVICE_ACCOUNT_PREFIX)
                ? user.username().substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1) : new String[0];
        if (serviceAccount.length == 2 && !serviceAccount[0].isEmpty() && !serviceAccount[1].isEmpty()) {
            addMissing(groups, "system:serviceaccounts", "system:serviceaccounts:" + serviceAccount[0]);
        }
        addMissing(groups, AUTHENTICATED);
        return new Identity(user.username(), groups);
    }

    private static void addMissing(List<String> groups, String... more) {
        for (String g : more) {
            if (!groups.contains(g)) {
                groups.add(g);
            }
        }
    }

    /** A service account making a request, as the service account authenticator makes it: authenticated. */
    public static Identity serviceAccount(String namespace, String name) {
        return new Identity(serviceAccountUsername(namespace, name),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
    }

    /**
     * A pod's service account as the admission plugins ask about it (upstream's {@code serviceaccount.UserInfo}):
     * in its service account groups only, not in {@code system:authenticated}, since no token was presented.
     */
    public static Identity podServiceAccount(String namespace, String name) {
        return new Identity(serviceAccountUsername(namespace, name),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace));
    }

    public static String serviceAccountUsername(String namespace, String name) {
        return SERVICE_ACCOUNT_PREFIX + namespace + ":" + name;
    }

    /** Whether a username is {@link #serviceAccountUsername}'s, compared in place: RBAC asks on every request. */
    static boolean isServiceAccount(String username, String namespace, String name) {
        int colon = SERVICE_ACCOUNT_PREFIX.length() + namespace.length();
        return username.length() == colon + 1 + name.length() && username.startsWith(SERVICE_ACCOUNT_PREFIX)
                && username.startsWith(namespace, SERVICE_ACCOUNT_PREFIX.length()) && username.charAt(colon) == ':'
                && username.endsWith(name);
    }
}
