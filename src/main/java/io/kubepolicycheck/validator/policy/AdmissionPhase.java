package io.kubepolicycheck.validator.policy;

/**
 * The API server's two passes over a request: mutating admission ({@code Admit}), where PodSecurityPolicy and
 * SCC admission may default a pod they are creating, then validating admission ({@code Validate}), where the
 * same plugins admit only a pod some policy admits as it now stands, unchanged. Pod Security admission has only
 * the second and judges the same way in both.
 */
public enum AdmissionPhase {
    ADMIT,
    VALIDATE
}
