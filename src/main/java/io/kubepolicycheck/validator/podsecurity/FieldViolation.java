package io.kubepolicycheck.validator.podsecurity;

import io.kubepolicycheck.validator.manifest.Node;

/**
 * One offending field behind a check's result: the node (possibly a missing one) and the upstream wording
 * for that field alone, e.g. {@code container "app" must set securityContext.allowPrivilegeEscalation=false}.
 */
public record FieldViolation(Node node, String message) {
}
