package io.kubepolicycheck.validator.podsecuritypolicy;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic PodSecurityPolicy walk-throughs, with the API server's verdicts and wording. */
class PodSecurityPolicyWalkthroughTest {
    static String psp(String name, String extraSpec) {
        return """
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata:
                  name: %s
                spec:
                  runAsUser: {rule: RunAsAny}
                  seLinux: {rule: RunAsAny}
                  fsGroup: {rule: RunAsAny}
                  supplementalGroups: {rule: RunAsAny}
                %s
                """.formatted(name, extraSpec.indent(2).stripTrailing());
    }

    static final String PLAIN_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: plain
            spec:
              containers:
              - name: app
                image: nginx
            """;

    @Test
    void restrictRootDefaultsRunAsNonRootOnCreate() {
        PolicySet set = load(psp("restrict-root", "volumes: ['*']").replace("runAsUser: {rule: RunAsAny}",
                "runAsUser: {rule: MustRunAsNonRoot}"));
        ResourceVerdict v = judge(set, PLAIN_POD);
        assertTrue(v.allowed(), v::toString);
        assertEquals("restrict-root", v.admittedBy());
        assertEquals(List.of(new Mutation("spec.containers[0].securityContext.runAsNonRoot", true)), v.mutations());
    }

    @Test
    void restrictRootDeniesRootUser() {
        PolicySet set = load(psp("restrict-root", "volumes: ['*']").replace("runAsUser: {rule: RunAsAny}",
                "runAsUser: {rule: MustRunAsNonRoot}"));
        ResourceVerdict v = judge(set, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: root
                spec:
                  containers:
                  - name: app
                    image: nginx
                    securityContext:
                      runAsUser: 0
                """);
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.runAsUser: "
                + "Invalid value: 0: running with the root UID is forbidden]", v.message());
        assertEquals(List.of(new Violation("PodSecurityPolicy/restrict-root", "runAsUser",
                "spec.containers[0].securityContext.runAsUser", 10, 7,
                "spec.containers[0].securityContext.runAsUser: Invalid value: 0: running with the root UID is forbidden")),
                v.violations());
    }

    static final String PVC_AND_SECRET_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: volumes
            spec:
              containers:
              - name: app
                image: nginx
              volumes:
              - name: data
                persistentVolumeClaim:
                  claimName: data
              - name: creds
                secret:
                  secretName: creds
            """;

    @Test
    void restrictVolumesDeniesPersistentVolumeClaimAndSecret() {
        ResourceVerdict v = judge(load(psp("restrict-volumes", "volumes: [nfs]")), PVC_AND_SECRET_POD);
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.volumes[0]: Invalid value: \"persistentVolumeClaim\": "
                + "persistentVolumeClaim volumes are not allowed to be used spec.volumes[1]: Invalid value: \"secret\": "
                + "secret volumes are not allowed to be used]", v.message());
        assertEquals(List.of("volumes", "volumes"), v.violations().stream().map(Violation::check).toList());
        assertEquals("spec.volumes[0].persistentVolumeClaim", v.violations().get(0).path());
        assertEquals(11, v.violations().get(0).line());
    }

    @Test
    void permitVolumesPvcSecretAdmitsThem() {
        ResourceVerdict v = judge(load(psp("permit-volumes-pvc-secret", "volumes: [persistentVolumeClaim, secret]")),
                PVC_AND_SECRET_POD);
        assertTrue(v.allowed(), v::toString);
        assertEquals("permit-volumes-pvc-secret", v.admittedBy());
        assertEquals(List.of(), v.mutations());
    }

    @Test
    void withBothVolumePoliciesThePermittingOneIsChosen() {
        PolicySet set = load(psp("restrict-volumes", "volumes: [nfs]") + "---\n"
                + psp("permit-volumes-pvc-secret", "volumes: [persistentVolumeClaim, secret]"));
        ResourceVerdict v = judge(set, PVC_AND_SECRET_POD);
        assertTrue(v.allowed());
        assertEquals("permit-volumes-pvc-secret", v.admittedBy());
    }

    static final String MYSQL_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: mysql
            spec:
              containers:
              - name: mysql
                image: mysql
                ports:
                - containerPort: 3306
                  hostPort: 3306
            """;

    @Test
    void restrictPortsDeniesHostPort3306() {
        ResourceVerdict v = judge(load(psp("restrict-ports", "volumes: ['*']\nhostPorts:\n- min: 0\n  max: 0")), MYSQL_POD);
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].hostPort: Invalid value: 3306: "
                + "Host port 3306 is not allowed to be used. Allowed ports: [0]]", v.message());
        Violation violation = v.violations().get(0);
        assertEquals("hostPorts", violation.check());
        assertEquals("spec.containers[0].ports[0].hostPort", violation.path());
        assertEquals(11, violation.line());
        assertEquals(7, violation.column());
    }

    @Test
    void permitPort3306AdmitsIt() {
        ResourceVerdict v = judge(load(psp("permit-port-3306", "volumes: ['*']\nhostPorts:\n- min: 3306\n  max: 3306")), MYSQL_POD);
        assertTrue(v.allowed(), v::toString);
        assertEquals("permit-port-3306", v.admittedBy());
    }

    static final String RESTRICTED = """
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: restricted
            spec:
              privileged: false
              allowPrivilegeEscalation: false
              requiredDropCapabilities: [ALL]
              volumes: [configMap, emptyDir, projected, secret, downwardAPI, persistentVolumeClaim]
              hostNetwork: false
              hostIPC: false
              hostPID: false
              runAsUser:
                rule: MustRunAsNonRoot
              seLinux:
                rule: RunAsAny
              supplementalGroups:
                rule: MustRunAs
                ranges: [{min: 1, max: 65535}]
              fsGroup:
                rule: MustRunAs
                ranges: [{min: 1, max: 65535}]
            """;

    static final String DEVELOPERS_MAY_USE_RESTRICTED = """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: psp:restricted
              namespace: development
            rules:
            - apiGroups: [policy]
              resources: [podsecuritypolicies]
              verbs: [use]
              resourceNames: [restricted]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: developers:psp:restricted
              namespace: development
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: psp:restricted
            subjects:
            - kind: Group
              name: developers
              apiGroup: rbac.authorization.k8s.io
            """;

    static final String SERVICE_ACCOUNTS_MAY_USE_RESTRICTED = """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: serviceaccounts:psp:restricted
              namespace: development
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: psp:restricted
            subjects:
            - kind: Group
              name: system:serviceaccounts:development
              apiGroup: rbac.authorization.k8s.io
            """;

    static final String COMPLIANT_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: app
              namespace: development
            spec:
              securityContext:
                runAsUser: 1000
                fsGroup: 2000
              containers:
              - name: app
                image: busybox
                securityContext:
                  allowPrivilegeEscalation: false
            """;

    static final String COMPLIANT_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
              namespace: development
            spec:
              selector:
                matchLabels: {app: app}
              template:
                metadata:
                  labels: {app: app}
                spec:
                  securityContext:
                    runAsUser: 1000
                    fsGroup: 2000
                  containers:
                  - name: app
                    image: busybox
                    securityContext:
                      allowPrivilegeEscalation: false
            """;

    @Test
    void restrictedGrantedToDevelopersAdmitsTheirPod() {
        PolicySet set = load(RESTRICTED + DEVELOPERS_MAY_USE_RESTRICTED);
        ResourceVerdict v = judge(set, COMPLIANT_POD, as(null, "jane", "developers"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("restricted", v.admittedBy());
        assertEquals(List.of(
                new Mutation("spec.securityContext.supplementalGroups", List.of(1L)),
                new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("ALL"))), v.mutations());
    }

    @Test
    void restrictedDeniesAUserWithoutTheGrant() {
        PolicySet set = load(RESTRICTED + DEVELOPERS_MAY_USE_RESTRICTED);
        ResourceVerdict v = judge(set, COMPLIANT_POD, as(null, "mallory", "testers"));
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: []", v.message());
        assertNull(v.admittedBy());
    }

    @Test
    void podsOfAControllerAreDeniedUntilTheServiceAccountsAreBound() {
        PolicySet withoutServiceAccounts = load(RESTRICTED + DEVELOPERS_MAY_USE_RESTRICTED);
        ResourceVerdict denied = judge(withoutServiceAccounts, COMPLIANT_DEPLOYMENT, as(null, "jane", "developers"));
        assertFalse(denied.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: []", denied.message());

        PolicySet withServiceAccounts = load(RESTRICTED + DEVELOPERS_MAY_USE_RESTRICTED + SERVICE_ACCOUNTS_MAY_USE_RESTRICTED);
        ResourceVerdict admitted = judge(withServiceAccounts, COMPLIANT_DEPLOYMENT, as(null, "jane", "developers"));
        assertTrue(admitted.allowed(), admitted::toString);
        assertEquals("restricted", admitted.admittedBy());
        assertEquals("spec.template.spec.securityContext.supplementalGroups", admitted.mutations().get(0).path());
    }

    static final String PRIVILEGED_FOR_NODES = """
            ---
            apiVersion: policy/v1beta1
            kind: PodSecurityPolicy
            metadata:
              name: privileged
            spec:
              privileged: true
              allowPrivilegeEscalation: true
              allowedCapabilities: ['*']
              volumes: ['*']
              hostNetwork: true
              hostPorts: [{min: 0, max: 65535}]
              hostIPC: true
              hostPID: true
              runAsUser: {rule: RunAsAny}
              seLinux: {rule: RunAsAny}
              supplementalGroups: {rule: RunAsAny}
              fsGroup: {rule: RunAsAny}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: psp:privileged
            rules:
            - apiGroups: [policy]
              resources: [podsecuritypolicies]
              verbs: [use]
              resourceNames: [privileged]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: nodes:psp:privileged
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: psp:privileged
            subjects:
            - kind: Group
              name: system:nodes
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: psp:restricted
            rules:
            - apiGroups: [policy]
              resources: [podsecuritypolicies]
              verbs: [use]
              resourceNames: [restricted]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: authenticated:psp:restricted
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: psp:restricted
            subjects:
            - kind: Group
              name: system:authenticated
            """;

    static final String PRIVILEGED_HOST_NETWORK_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: node-agent
              namespace: kube-system
            spec:
              hostNetwork: true
              containers:
              - name: agent
                image: agent
                securityContext:
                  privileged: true
            """;

    @Test
    void privilegedHostNetworkPodIsDeniedUnderRestricted() {
        PolicySet set = load(RESTRICTED + PRIVILEGED_FOR_NODES);
        ResourceVerdict v = judge(set, PRIVILEGED_HOST_NETWORK_POD, as(null, "jane", "developers"));
        assertFalse(v.allowed());
        assertTrue(v.message().startsWith("PodSecurityPolicy: unable to admit pod: [spec.securityContext.hostNetwork: "
                + "Invalid value: true: Host network is not allowed to be used "), v.message());
        assertTrue(v.message().contains("spec.containers[0].securityContext.privileged: Invalid value: true: "
                + "Privileged containers are not allowed"), v.message());
        assertTrue(v.violations().stream().allMatch(x -> x.policy().equals("PodSecurityPolicy/restricted")));
        Violation hostNetwork = v.violations().get(0);
        assertEquals("hostNetwork", hostNetwork.check());
        assertEquals("spec.hostNetwork", hostNetwork.path());
        assertEquals(7, hostNetwork.line());
    }

    @Test
    void privilegedHostNetworkPodIsAdmittedForNodes() {
        PolicySet set = load(RESTRICTED + PRIVILEGED_FOR_NODES);
        ResourceVerdict v = judge(set, PRIVILEGED_HOST_NETWORK_POD, as(null, "system:node:worker-1", "system:nodes"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("privileged", v.admittedBy());
        assertEquals(List.of(), v.mutations());
    }

    @Test
    void deploymentWithAPrivilegedContainerIsDeniedUnderAnUnprivilegedPolicy() {
        PolicySet set = load(psp("unprivileged", "privileged: false\nvolumes: ['*']"));
        ResourceVerdict v = judge(set, """
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
                      containers:
                      - name: web
                        image: nginx
                        securityContext:
                          privileged: true
                """);
        assertFalse(v.allowed());
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.privileged: "
                + "Invalid value: true: Privileged containers are not allowed]", v.message());
        assertEquals(List.of(new Violation("PodSecurityPolicy/unprivileged", "privileged",
                "spec.template.spec.containers[0].securityContext.privileged", 16, 11,
                "spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed")),
                v.violations());
    }
}
