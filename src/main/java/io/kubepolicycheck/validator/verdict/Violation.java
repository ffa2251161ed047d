package io.kubepolicycheck.validator.verdict;

/**
 * One offending field. {@code policy} names the policy ({@code PodSecurity/restricted:latest},
 * {@code PodSecurityPolicy/restricted}, ...), {@code check} the upstream check id or spec field, {@code path}
 * the field path relative to the object, {@code line}/{@code column} the offending key in the submitted text.
 */
public record Violation(String policy, String check, String path, int line, int column, String message) {
}
