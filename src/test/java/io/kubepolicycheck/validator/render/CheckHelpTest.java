package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.podsecurity.PodSecurityCheck;
import io.kubepolicycheck.validator.podsecurity.PodSecurityChecks;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The help of check-help.json: an entry for every check a finding can name, and no entry for nothing. */
class CheckHelpTest {
    /** Spec fields that are no rule: defaults a policy applies, who may use it, its order. */
    private static final Set<String> NOT_RULES = Set.of("apiVersion", "kind", "metadata", "priority", "users",
            "groups", "defaultAddCapabilities", "defaultAllowPrivilegeEscalation");
    /** Rules a policy holds outside its spec fields: PSP profile annotations and Kube Cover's image patterns. */
    private static final Set<String> ANNOTATION_RULES = Set.of("seccomp", "apparmor", "images");

    @Test
    void everyPodSecurityCheckHasAnEntryAtItsLevel() {
        for (PodSecurityCheck check : PodSecurityChecks.all()) {
            CheckHelp.Entry entry = CheckHelp.all().get(check.id());
            assertTrue(entry != null, "no help for the Pod Security check " + check.id());
            assertEquals(check.level().name().toLowerCase(java.util.Locale.ROOT), entry.pssLevel(), check.id());
        }
    }

    @Test
    void everyPodSecurityPolicyAndSccRuleHasAnEntry() {
        Set<String> missing = new TreeSet<>();
        Set<String> rules = new HashSet<>(PolicySetLoader.podSecurityPolicySpecFields());
        rules.addAll(PolicySetLoader.securityContextConstraintsFields());
        rules.addAll(ANNOTATION_RULES);
        rules.removeAll(NOT_RULES);
        for (String rule : rules) {
            if (!CheckHelp.all().containsKey(rule)) {
                missing.add(rule);
            }
        }
        assertEquals(Set.of(), missing, "rules without help in check-help.json");
    }

    @Test
    void everyEntryIsForACheckThatExists() {
        Set<String> known = new HashSet<>(PolicySetLoader.podSecurityPolicySpecFields());
        known.addAll(PolicySetLoader.securityContextConstraintsFields());
        known.addAll(ANNOTATION_RULES);
        known.addAll(Set.of(CheckHelp.DENIED, CheckHelp.WARNING));
        PodSecurityChecks.all().forEach(check -> known.add(check.id()));
        Set<String> unknown = new TreeSet<>(CheckHelp.all().keySet());
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "help for checks nothing reports");
        for (CheckHelp.Entry entry : CheckHelp.all().values()) {
            assertFalse(entry.description().contains("\n") || entry.fix().contains("\n"), entry.id());
            assertTrue(entry.fix().endsWith("."), entry.id());
        }
    }

    @Test
    void anUnknownCheckGetsAGenericEntryNamingItsPolicy() {
        CheckHelp.Entry entry = CheckHelp.of("someNewField", "PodSecurityPolicy/x");
        assertTrue(entry.description().contains("PodSecurityPolicy/x"), entry.description());
    }
}
