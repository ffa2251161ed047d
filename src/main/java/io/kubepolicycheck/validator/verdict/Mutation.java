package io.kubepolicycheck.validator.verdict;

/** A default a PodSecurityPolicy would have applied to admit the pod: the field path and the value set. */
public record Mutation(String path, Object value) {
}
