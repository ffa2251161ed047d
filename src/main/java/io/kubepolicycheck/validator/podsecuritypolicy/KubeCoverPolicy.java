package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
import io.kubepolicycheck.validator.policy.PodUpdate;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicyDecision;
import io.kubepolicycheck.validator.policy.PolicySummary;
import io.kubepolicycheck.validator.rbac.Authorization;
import io.kubepolicycheck.validator.workload.PodTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kube Cover's policy file, its items read as PodSecurityPolicies that apply only in their namespaces
 * ({@code *}: every namespace). As in Kube Cover, the first item whose namespaces match the pod's decides and a
 * namespace no item names is not restricted; the item is applied with PodSecurityPolicy's rules, which are
 * stricter than Kube Cover's own (host path prefixes by path segment, every container including init and
 * ephemeral ones, every pod-bearing kind).
 */
public final class KubeCoverPolicy implements Policy {
    /** One item of the file: its namespaces and what it allows. */
    public record Item(List<String> namespaces, PodSecurityPolicy policy) {
        public Item {
            namespaces = List.copyOf(namespaces);
        }

        boolean appliesIn(String namespace) {
            return namespaces.contains("*") || namespaces.contains(namespace);
        }
    }

    private final List<Item> items;
    private final List<PodSecurityPolicyAdmission> admissions = new ArrayList<>();

    public KubeCoverPolicy(List<Item> items) {
        this.items = List.copyOf(items);
        for (Item item : items) {
            admissions.add(new PodSecurityPolicyAdmission(List.of(item.policy()), Authorization.EVERYONE));
        }
    }

    @Override
    public PolicyDecision evaluate(PodTemplate pod, AdmissionAttributes attributes) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).appliesIn(attributes.namespace())) {
                return admissions.get(i).evaluate(pod, attributes);
            }
        }
        return PolicyDecision.allow();
    }

    /** Its items are PodSecurityPolicies, and an UPDATE is judged as the PodSecurityPolicy plugin judges it. */
    @Override
    public boolean judges(PodUpdate update, AdmissionPhase phase) {
        return PodSecurityPolicyAdmission.judgesUpdate(update, phase);
    }

    @Override
    public boolean mutates() {
        return true;
    }

    @Override
    public PolicySummary summary() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Item item : items) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("namespaces", item.namespaces());
            s.putAll(item.policy().settings());
            settings.put(item.policy().name(), s);
        }
        return new PolicySummary("KubeCover", "Kube Cover policy file", Map.of("items", settings));
    }
}
