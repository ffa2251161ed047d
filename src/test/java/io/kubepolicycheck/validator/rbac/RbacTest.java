package io.kubepolicycheck.validator.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RBAC {@code use} grants as the API server's authorizer reads them. */
class RbacTest {
    static final List<String> PSP_GROUPS = List.of("policy", "extensions");
    static final PolicyRule USE_RESTRICTED = new PolicyRule(List.of("use"), List.of("policy"),
            List.of("podsecuritypolicies"), List.of("restricted"));

    static Identity user(String name, String... groups) {
        return Identity.of(new UserInfo(name, List.of(groups)));
    }

    static boolean mayUse(Rbac rbac, Identity who, String namespace, String name) {
        return rbac.mayUse(who, namespace, PSP_GROUPS, "podsecuritypolicies", name);
    }

    @Test
    void aRoleBindingGrantsOnlyInItsNamespace() {
        Rbac rbac = new Rbac(List.of(new Role("dev", "psp", List.of(USE_RESTRICTED), Map.of(), List.of())),
                List.of(new RoleBinding("dev", "b", "Role", "psp", List.of(new RoleBinding.Subject("Group", "developers", null)))));
        assertTrue(mayUse(rbac, user("jane", "developers"), "dev", "restricted"));
        assertFalse(mayUse(rbac, user("jane", "developers"), "prod", "restricted"));
        assertFalse(mayUse(rbac, user("jane", "developers"), "dev", "privileged"));
        assertFalse(mayUse(rbac, user("bob"), "dev", "restricted"));
    }

    @Test
    void aRoleBindingMayGrantAClusterRoleInItsNamespace() {
        Rbac rbac = new Rbac(List.of(new Role(null, "psp", List.of(USE_RESTRICTED), Map.of(), List.of())),
                List.of(new RoleBinding("dev", "b", "ClusterRole", "psp",
                        List.of(new RoleBinding.Subject("ServiceAccount", "builder", null)))));
        assertTrue(mayUse(rbac, Identity.serviceAccount("dev", "builder"), "dev", "restricted"));
        assertFalse(mayUse(rbac, Identity.serviceAccount("prod", "builder"), "prod", "restricted"));
    }

    @Test
    void aClusterRoleBindingGrantsEverywhereAndWildcardsMatch() {
        PolicyRule all = new PolicyRule(List.of("*"), List.of("*"), List.of("*"), List.of());
        Rbac rbac = new Rbac(List.of(new Role(null, "admin", List.of(all), Map.of(), List.of())),
                List.of(new RoleBinding(null, "b", "ClusterRole", "admin", List.of(new RoleBinding.Subject("User", "root", null)))));
        assertTrue(mayUse(rbac, user("root"), "anywhere", "anything"));
        assertFalse(mayUse(rbac, user("other"), "anywhere", "anything"));
    }

    @Test
    void aClusterRoleBindingCannotUseARole() {
        Rbac rbac = new Rbac(List.of(new Role("dev", "psp", List.of(USE_RESTRICTED), Map.of(), List.of())),
                List.of(new RoleBinding(null, "b", "Role", "psp", List.of(new RoleBinding.Subject("User", "jane", null)))));
        assertFalse(mayUse(rbac, user("jane"), "dev", "restricted"));
    }

    @Test
    void otherVerbsResourcesAndGroupsDoNotGrantUse() {
        for (PolicyRule rule : List.of(
                new PolicyRule(List.of("get"), List.of("policy"), List.of("podsecuritypolicies"), List.of()),
                new PolicyRule(List.of("use"), List.of("apps"), List.of("podsecuritypolicies"), List.of()),
                new PolicyRule(List.of("use"), List.of("policy"), List.of("pods"), List.of()))) {
            Rbac rbac = new Rbac(List.of(new Role(null, "r", List.of(rule), Map.of(), List.of())),
                    List.of(new RoleBinding(null, "b", "ClusterRole", "r", List.of(new RoleBinding.Subject("User", "jane", null)))));
            assertFalse(mayUse(rbac, user("jane"), "dev", "restricted"), rule::toString);
        }
    }

    @Test
    void anAggregatedClusterRoleGathersTheRulesOfTheRolesItSelects() {
        Role part = new Role(null, "part", List.of(USE_RESTRICTED), Map.of("aggregate-to-psp", "true"), List.of());
        Role whole = new Role(null, "whole", List.of(), Map.of(),
                List.of(new LabelSelector(Map.of("aggregate-to-psp", "true"), List.of())));
        Rbac rbac = new Rbac(List.of(part, whole),
                List.of(new RoleBinding(null, "b", "ClusterRole", "whole", List.of(new RoleBinding.Subject("User", "jane", null)))));
        assertTrue(mayUse(rbac, user("jane"), "dev", "restricted"));
    }

    @Test
    void systemMastersMayUseAnything() {
        Rbac rbac = new Rbac(List.of(), List.of());
        assertTrue(mayUse(rbac, user("admin", "system:masters"), "dev", "privileged"));
    }

    @Test
    void requestersAreAuthenticatedButAPodsServiceAccountAndAnonymousAreNot() {
        Rbac rbac = new Rbac(List.of(new Role(null, "psp", List.of(USE_RESTRICTED), Map.of(), List.of())),
                List.of(new RoleBinding(null, "b", "ClusterRole", "psp",
                        List.of(new RoleBinding.Subject("Group", "system:authenticated", null)))));
        assertTrue(mayUse(rbac, user("jane"), "dev", "restricted"));
        assertTrue(mayUse(rbac, user(""), "dev", "restricted"));
        assertFalse(mayUse(rbac, user("system:anonymous"), "dev", "restricted"));
        assertTrue(mayUse(rbac, Identity.serviceAccount("dev", "default"), "dev", "restricted"));
        assertFalse(mayUse(rbac, Identity.podServiceAccount("dev", "default"), "dev", "restricted"));
    }

    @Test
    void usableNamesGatherEveryGrantOfTheIdentityInTheNamespace() {
        PolicyRule useDefault = new PolicyRule(List.of("use"), List.of("extensions"), List.of("podsecuritypolicies"),
                List.of("default"));
        PolicyRule useAny = new PolicyRule(List.of("use"), List.of("policy"), List.of("podsecuritypolicies"), List.of());
        Rbac rbac = new Rbac(List.of(new Role(null, "restricted", List.of(USE_RESTRICTED), Map.of(), List.of()),
                new Role("dev", "default", List.of(useDefault), Map.of(), List.of()),
                new Role(null, "any", List.of(useAny), Map.of(), List.of())),
                List.of(new RoleBinding(null, "all", "ClusterRole", "restricted",
                                List.of(new RoleBinding.Subject("Group", "system:authenticated", null))),
                        new RoleBinding("dev", "dev", "Role", "default", List.of(new RoleBinding.Subject("User", "jane", null))),
                        new RoleBinding("ops", "ops", "ClusterRole", "any", List.of(new RoleBinding.Subject("User", "jane", null)))));
        UsableNames inDev = rbac.usableNames(user("jane"), "dev", PSP_GROUPS, "podsecuritypolicies");
        assertFalse(inDev.all());
        assertEquals(Set.of("restricted", "default"), Set.copyOf(inDev.names()));
        assertTrue(inDev.contains("default"));
        assertFalse(inDev.contains("privileged"));
        assertTrue(rbac.usableNames(user("jane"), "ops", PSP_GROUPS, "podsecuritypolicies").contains("privileged"));
        assertEquals(List.of("restricted"), rbac.usableNames(user("bob"), "dev", PSP_GROUPS, "podsecuritypolicies").names());
        assertEquals(UsableNames.NONE, rbac.usableNames(Identity.podServiceAccount("dev", "default"), "dev", PSP_GROUPS,
                "podsecuritypolicies"));
    }

    @Test
    void aServiceAccountSubjectMatchesItsExactUsername() {
        assertTrue(Identity.isServiceAccount("system:serviceaccount:dev:builder", "dev", "builder"));
        for (String other : List.of("system:serviceaccount:dev:builder2", "system:serviceaccount:dev2:builder",
                "system:serviceaccount:devbuilder", "system:serviceaccounts:dev:builder", "dev:builder", "")) {
            assertFalse(Identity.isServiceAccount(other, "dev", "builder"), other);
        }
    }
}
