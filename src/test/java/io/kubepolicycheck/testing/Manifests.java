package io.kubepolicycheck.testing;

/** Manifests the adapter tests send: compliant with pss-restricted, or privileged and nothing else wrong. */
public final class Manifests {
    /** Meets every restricted check. */
    public static final String RESTRICTED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: good
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
              - name: app
                image: nginx:1.27
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: ["ALL"]
            """;

    /** Like {@link #RESTRICTED_POD} but privileged: {@code privileged} is at line 17, column 7. */
    public static final String PRIVILEGED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
              - name: web
                image: nginx:1.27
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: ["ALL"]
                  privileged: true
            """;

    /** A Deployment whose pod template is privileged ({@code privileged} at line 24, column 11). */
    public static final String PRIVILEGED_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                  - name: web
                    image: nginx:1.27
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: ["ALL"]
                      privileged: true
            """;

    public static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: fast
            """;

    /** The restricted denial of {@link #PRIVILEGED_POD} as a check words it. */
    public static final String WOULD_VIOLATE_PRIVILEGED = "would violate PodSecurity \"restricted:latest\": "
            + "privileged (container \"web\" must not set securityContext.privileged=true)";

    /** A PodSecurityConfiguration set that enforces nothing but audits and warns at restricted. */
    public static final String WARN_AUDIT_SET = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: privileged
              audit: restricted
              audit-version: latest
              warn: restricted
              warn-version: latest
            """;

    /** A PodSecurityConfiguration set enforcing restricted except for one user and one namespace. */
    public static final String EXEMPTING_SET = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: restricted
              enforce-version: latest
            exemptions:
              usernames: ["ops-admin"]
              namespaces: ["kube-system"]
            """;

    /** A PodSecurityConfiguration set enforcing restricted except for requests by user {@code alice}. */
    public static final String ALICE_EXEMPT_SET = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: restricted
              enforce-version: latest
            exemptions:
              usernames: ["alice"]
            """;

    /** {@link #ALICE_EXEMPT_SET} also exempting the ReplicaSet controller, which creates a Deployment's pods. */
    public static final String ALICE_AND_REPLICASET_CONTROLLER_EXEMPT_SET = ALICE_EXEMPT_SET.replace("[\"alice\"]",
            "[\"alice\", \"system:serviceaccount:kube-system:replicaset-controller\"]");

    /** A PodSecurityConfiguration set enforcing restricted. */
    public static final String RESTRICTED_SET = """
            apiVersion: pod-security.admission.config.k8s.io/v1
            kind: PodSecurityConfiguration
            defaults:
              enforce: restricted
              enforce-version: latest
            """;

    private Manifests() {
    }
}
