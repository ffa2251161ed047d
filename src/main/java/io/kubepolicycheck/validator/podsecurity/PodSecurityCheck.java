package io.kubepolicycheck.validator.podsecurity;

import java.util.List;

/**
 * One Pod Security Standards check, as in k8s.io/pod-security-admission/policy: an id, a level, and one or
 * more revisions with strictly increasing minimum versions.
 */
public interface PodSecurityCheck {
    String id();

    Level level();

    List<VersionedCheck> versions();
}
