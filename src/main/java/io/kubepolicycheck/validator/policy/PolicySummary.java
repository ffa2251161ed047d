package io.kubepolicycheck.validator.policy;

import java.util.Map;

/** How a policy describes itself on {@code GET /v1/policy-sets/{id}}: its kind, name and main settings. */
public record PolicySummary(String kind, String name, Map<String, Object> settings) {
}
