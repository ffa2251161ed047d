package io.kubepolicycheck.validator.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/** The seccomp annotations of the PodSecurityPolicy era and the {@code seccompProfile} field each stands for. */
public final class SeccompAnnotations {
    public static final String POD = "seccomp.security.alpha.kubernetes.io/pod";
    public static final String CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    private SeccompAnnotations() {
    }

    /** The field an annotation value stands for, as the API server converts it; empty when it stands for none. */
    public static Map<String, String> field(String annotation) {
        Map<String, String> out = new LinkedHashMap<>();
        if ("unconfined".equals(annotation)) {
            out.put("type", "Unconfined");
        } else if ("runtime/default".equals(annotation) || "docker/default".equals(annotation)) {
            out.put("type", "RuntimeDefault");
        } else if (annotation.startsWith("localhost/") && annotation.length() > "localhost/".length()) {
            out.put("type", "Localhost");
            out.put("localhostProfile", annotation.substring("localhost/".length()));
        }
        return out;
    }
}
