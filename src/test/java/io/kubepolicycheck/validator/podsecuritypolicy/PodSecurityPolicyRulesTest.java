package io.kubepolicycheck.validator.podsecuritypolicy;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static io.kubepolicycheck.validator.policyset.TestSets.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PodSecurityPolicy rule with a pod it admits and a pod it refuses (as the Gatekeeper library ships
 * each rule with passing and failing examples), the refusal in the API server's words; and every default.
 */
class PodSecurityPolicyRulesTest {
    /** A policy allowing everything but what {@code spec} says; {@code annotations} go on the policy. */
    static PolicySet policy(String spec, String annotations) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("volumes", "volumes: ['*']");
        fields.put("runAsUser", "runAsUser: {rule: RunAsAny}");
        fields.put("seLinux", "seLinux: {rule: RunAsAny}");
        fields.put("supplementalGroups", "supplementalGroups: {rule: RunAsAny}");
        fields.put("fsGroup", "fsGroup: {rule: RunAsAny}");
        StringBuilder own = new StringBuilder();
        for (String line : spec.split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("-")) {
                fields.remove(line.substring(0, line.indexOf(':')));
            }
            own.append("  ").append(line).append('\n');
        }
        StringBuilder out = new StringBuilder("""
                apiVersion: policy/v1beta1
                kind: PodSecurityPolicy
                metadata:
                  name: rule
                """);
        if (!annotations.isEmpty()) {
            out.append("  annotations:\n").append(annotations.indent(4));
        }
        out.append("spec:\n");
        fields.values().forEach(f -> out.append("  ").append(f).append('\n'));
        return load(out.append(own).toString());
    }

    /** A pod named {@code p} whose spec is {@code spec}; {@code annotations} go on the pod. */
    static String pod(String spec, String annotations) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
                + (annotations.isEmpty() ? "" : "  annotations:\n" + annotations.indent(4))
                + "spec:\n" + spec.indent(2);
    }

    static String container(String securityContext) {
        return "containers:\n- name: app\n  image: app\n" + (securityContext.isEmpty() ? "" : "  securityContext:\n" + securityContext.indent(4));
    }

    /** One rule: the policy, a pod it admits, a pod it refuses and the errors (inside the brackets). */
    record Case(String name, String check, String spec, String policyAnnotations, String passes, String fails,
                String podAnnotations, boolean update, String errors, String passingAnnotations) {
        Case(String name, String check, String spec, String policyAnnotations, String passes, String fails,
             String podAnnotations, boolean update, String errors) {
            this(name, check, spec, policyAnnotations, passes, fails, podAnnotations, update, errors, "");
        }

        Case withPassingAnnotations(String annotations) {
            return new Case(name, check, spec, policyAnnotations, passes, fails, podAnnotations, update, errors, annotations);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Case rule(String name, String check, String spec, String passes, String fails, String errors) {
        return new Case(name, check, spec, "", passes, fails, "", false, errors);
    }

    static Stream<Case> rules() {
        List<Case> cases = new ArrayList<>();
        cases.add(rule("privileged", "privileged", "privileged: false",
                container("privileged: false"), container("privileged: true"),
                "spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed"));
        cases.add(rule("privileged in an ephemeral container", "privileged", "privileged: false",
                container(""), container("") + "ephemeralContainers:\n- name: debug\n  image: busybox\n  securityContext: {privileged: true}\n",
                "spec.ephemeralContainers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed"));
        cases.add(rule("hostNetwork", "hostNetwork", "hostNetwork: false",
                "hostNetwork: false\n" + container(""), "hostNetwork: true\n" + container(""),
                "spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to be used"));
        cases.add(rule("hostPID", "hostPID", "hostPID: false",
                container(""), "hostPID: true\n" + container(""),
                "spec.securityContext.hostPID: Invalid value: true: Host PID is not allowed to be used"));
        cases.add(rule("hostIPC", "hostIPC", "hostIPC: false",
                container(""), "hostIPC: true\n" + container(""),
                "spec.securityContext.hostIPC: Invalid value: true: Host IPC is not allowed to be used"));
        cases.add(rule("hostPorts", "hostPorts", "hostPorts:\n- {min: 80, max: 80}\n- {min: 8000, max: 8080}",
                container("") + "  ports: [{containerPort: 80, hostPort: 8080}]\n",
                "initContainers:\n- name: init\n  image: init\n  ports: [{containerPort: 80, hostPort: 8081}]\n" + container(""),
                "spec.initContainers[0].hostPort: Invalid value: 8081: Host port 8081 is not allowed to be used. "
                        + "Allowed ports: [80,8000-8080]"));
        // The API server defaults hostPort to containerPort in a Pod on the host network before admission.
        cases.add(rule("hostPorts: a Pod on the host network uses its containerPort", "hostPorts",
                "hostNetwork: true\nhostPorts:\n- {min: 80, max: 80}",
                "hostNetwork: true\n" + container("") + "  ports: [{containerPort: 80}]\n",
                "hostNetwork: true\n" + container("") + "  ports: [{containerPort: 9100}]\n",
                "spec.containers[0].hostPort: Invalid value: 9100: Host port 9100 is not allowed to be used. "
                        + "Allowed ports: [80]"));
        cases.add(rule("volumes", "volumes", "volumes: [configMap]",
                container("") + "volumes:\n- name: c\n  configMap: {name: c}\n",
                container("") + "volumes:\n- name: c\n  configMap: {name: c}\n- name: scratch\n  emptyDir: {}\n",
                "spec.volumes[1]: Invalid value: \"emptyDir\": emptyDir volumes are not allowed to be used"));
        cases.add(rule("volumes: a volume without a source is an emptyDir", "volumes", "volumes: [emptyDir]",
                container("") + "volumes:\n- name: scratch\n",
                container("") + "volumes:\n- name: scratch\n- name: conf\n  configMap: {name: c}\n",
                "spec.volumes[1]: Invalid value: \"configMap\": configMap volumes are not allowed to be used"));
        cases.add(rule("volumes: secret allows the projected service account token", "volumes", "volumes: [secret]",
                container("") + """
                        volumes:
                        - name: token
                          projected:
                            sources:
                            - serviceAccountToken: {path: token, expirationSeconds: 3607}
                            - configMap:
                                name: kube-root-ca.crt
                                items: [{key: ca.crt, path: ca.crt}]
                            - downwardAPI:
                                items:
                                - path: namespace
                                  fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}
                        """,
                container("") + "volumes:\n- name: p\n  projected:\n    sources:\n    - configMap: {name: settings}\n",
                "spec.volumes[0]: Invalid value: \"projected\": projected volumes are not allowed to be used"));
        cases.add(rule("allowedHostPaths: prefix by path segment", "allowedHostPaths",
                "volumes: [hostPath]\nallowedHostPaths:\n- pathPrefix: /foo",
                container("") + "volumes:\n- name: h\n  hostPath: {path: /foo/bar}\n",
                container("") + "volumes:\n- name: h\n  hostPath: {path: /fool}\n",
                "spec.volumes[0].hostPath.pathPrefix: Invalid value: \"/fool\": is not allowed to be used"));
        cases.add(rule("allowedHostPaths: a trailing slash is ignored", "allowedHostPaths",
                "volumes: [hostPath]\nallowedHostPaths:\n- pathPrefix: /var/log/",
                container("") + "volumes:\n- name: h\n  hostPath: {path: /var/log}\n",
                container("") + "volumes:\n- name: h\n  hostPath: {path: /var/logs}\n",
                "spec.volumes[0].hostPath.pathPrefix: Invalid value: \"/var/logs\": is not allowed to be used"));
        cases.add(rule("allowedHostPaths: readOnly on every mount", "allowedHostPaths",
                "volumes: [hostPath]\nallowedHostPaths:\n- {pathPrefix: /var/log, readOnly: true}",
                container("") + "  volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]\n"
                        + "volumes:\n- name: logs\n  hostPath: {path: /var/log}\n",
                container("") + "  volumeMounts: [{name: logs, mountPath: /logs}]\n"
                        + "volumes:\n- name: logs\n  hostPath: {path: /var/log}\n",
                "spec.containers[0].volumeMounts[0].readOnly: Invalid value: false: must be read-only"));
        cases.add(rule("allowedFlexVolumes", "allowedFlexVolumes", "volumes: [flexVolume]\nallowedFlexVolumes:\n- driver: example/lvm",
                container("") + "volumes:\n- name: f\n  flexVolume: {driver: example/lvm}\n",
                container("") + "volumes:\n- name: f\n  flexVolume: {driver: example/cifs}\n",
                "spec.volumes[0].driver: Invalid value: \"example/cifs\": Flexvolume driver is not allowed to be used"));
        cases.add(rule("allowedCSIDrivers", "allowedCSIDrivers", "volumes: [csi]\nallowedCSIDrivers:\n- name: csi.example.com",
                container("") + "volumes:\n- name: c\n  csi: {driver: csi.example.com}\n",
                container("") + "volumes:\n- name: c\n  csi: {driver: other.example.com}\n",
                "spec.volumes[0].csi.driver: Invalid value: \"other.example.com\": Inline CSI driver is not allowed to be used"));
        cases.add(rule("readOnlyRootFilesystem", "readOnlyRootFilesystem", "readOnlyRootFilesystem: true",
                container("readOnlyRootFilesystem: true"), container("readOnlyRootFilesystem: false"),
                "spec.containers[0].securityContext.readOnlyRootFilesystem: Invalid value: false: "
                        + "ReadOnlyRootFilesystem must be set to true"));
        cases.add(rule("runAsUser: MustRunAs", "runAsUser", "runAsUser:\n  rule: MustRunAs\n  ranges: [{min: 1000, max: 2000}]",
                container("runAsUser: 1500"), "securityContext: {runAsUser: 3000}\n" + container(""),
                "spec.containers[0].securityContext.runAsUser: Invalid value: 3000: must be in the ranges: [{1000 2000}]"));
        cases.add(rule("runAsUser: MustRunAsNonRoot", "runAsUser", "runAsUser: {rule: MustRunAsNonRoot}",
                container("runAsUser: 1000"), container("runAsNonRoot: false"),
                "spec.containers[0].securityContext.runAsNonRoot: Invalid value: false: must be true"));
        cases.add(rule("runAsGroup: MustRunAs", "runAsGroup", "runAsGroup:\n  rule: MustRunAs\n  ranges: [{min: 1000, max: 2000}]",
                container("runAsGroup: 1000"), container("runAsGroup: 0"),
                "spec.containers[0].securityContext: Invalid value: []int64{0}: group 0 must be in the ranges: [{1000 2000}]"));
        cases.add(rule("runAsGroup: MayRunAs", "runAsGroup", "runAsGroup:\n  rule: MayRunAs\n  ranges: [{min: 1000, max: 2000}]",
                container(""), container("runAsGroup: 5"),
                "spec.containers[0].securityContext: Invalid value: []int64{5}: group 5 must be in the ranges: [{1000 2000}]"));
        cases.add(rule("supplementalGroups: MustRunAs", "supplementalGroups",
                "supplementalGroups:\n  rule: MustRunAs\n  ranges: [{min: 1, max: 65535}]",
                "securityContext: {supplementalGroups: [100]}\n" + container(""),
                "securityContext: {supplementalGroups: [0, 100]}\n" + container(""),
                "spec.securityContext.supplementalGroups: Invalid value: []int64{0, 100}: group 0 must be in the ranges: [{1 65535}]"));
        cases.add(rule("supplementalGroups: MayRunAs", "supplementalGroups",
                "supplementalGroups:\n  rule: MayRunAs\n  ranges: [{min: 1, max: 65535}]",
                container(""), "securityContext: {supplementalGroups: [0]}\n" + container(""),
                "spec.securityContext.supplementalGroups: Invalid value: []int64{0}: group 0 must be in the ranges: [{1 65535}]"));
        cases.add(rule("fsGroup: MustRunAs", "fsGroup", "fsGroup:\n  rule: MustRunAs\n  ranges: [{min: 1, max: 65535}]",
                "securityContext: {fsGroup: 2000}\n" + container(""), "securityContext: {fsGroup: 0}\n" + container(""),
                "spec.securityContext.fsGroup: Invalid value: []int64{0}: group 0 must be in the ranges: [{1 65535}]"));
        cases.add(rule("fsGroup: MayRunAs", "fsGroup", "fsGroup:\n  rule: MayRunAs\n  ranges: [{min: 1, max: 65535}]",
                container(""), "securityContext: {fsGroup: 70000}\n" + container(""),
                "spec.securityContext.fsGroup: Invalid value: []int64{70000}: group 70000 must be in the ranges: [{1 65535}]"));
        cases.add(rule("seLinux: MustRunAs", "seLinux", "seLinux:\n  rule: MustRunAs\n  seLinuxOptions: {level: \"s0:c123,c456\"}",
                container("seLinuxOptions: {level: \"s0:c456,c123\"}"),
                "securityContext:\n  seLinuxOptions: {level: \"s0:c1,c2\"}\n" + container(""),
                "spec.securityContext.seLinuxOptions.level: Invalid value: \"s0:c1,c2\": must be s0:c123,c456 "
                        + "spec.containers[0].securityContext.seLinuxOptions.level: Invalid value: \"s0:c1,c2\": must be s0:c123,c456"));
        cases.add(rule("allowPrivilegeEscalation", "allowPrivilegeEscalation", "allowPrivilegeEscalation: false",
                container("allowPrivilegeEscalation: false"), container("allowPrivilegeEscalation: true"),
                "spec.containers[0].securityContext.allowPrivilegeEscalation: Invalid value: true: "
                        + "Allowing privilege escalation for containers is not allowed"));
        // A missing required drop is always defaulted before validation, so on UPDATE the policy only needs
        // defaults and is skipped: no field error, as upstream.
        cases.add(new Case("requiredDropCapabilities (UPDATE: no defaults)", null,
                "requiredDropCapabilities: [NET_RAW]", "", container("capabilities: {drop: [NET_RAW]}"),
                container("capabilities: {drop: [KILL]}"), "", true, ""));
        cases.add(rule("allowedCapabilities", "allowedCapabilities", "allowedCapabilities: [NET_ADMIN]",
                container("capabilities: {add: [NET_ADMIN]}"), container("capabilities: {add: [NET_ADMIN, SYS_ADMIN]}"),
                "spec.containers[0].securityContext.capabilities.add: Invalid value: \"SYS_ADMIN\": capability may not be added"));
        cases.add(rule("allowedCapabilities: '*'", "privileged", "allowedCapabilities: ['*']\nrequiredDropCapabilities: [NET_RAW]",
                container("capabilities: {add: [SYS_ADMIN]}"), container("privileged: true"),
                "spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed"));
        cases.add(rule("defaultAddCapabilities count as allowed", "allowedCapabilities", "defaultAddCapabilities: [CHOWN]",
                container("capabilities: {add: [CHOWN]}"), container("capabilities: {add: [SYS_TIME]}"),
                "spec.containers[0].securityContext.capabilities.add: Invalid value: \"SYS_TIME\": capability may not be added"));
        cases.add(rule("allowedProcMountTypes", "allowedProcMountTypes", "allowedProcMountTypes: [Default]",
                container("procMount: Default"), container("procMount: Unmasked"),
                "spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": ProcMountType is not allowed"));
        cases.add(rule("forbiddenSysctls", "forbiddenSysctls", "forbiddenSysctls: [kernel.shm_rmid_forced]",
                "securityContext:\n  sysctls: [{name: net.ipv4.tcp_syncookies, value: '1'}]\n" + container(""),
                "securityContext:\n  sysctls: [{name: kernel.shm_rmid_forced, value: '0'}]\n" + container(""),
                "pod.spec.securityContext.sysctls[0]: Forbidden: sysctl \"kernel.shm_rmid_forced\" is not allowed"));
        cases.add(rule("allowedUnsafeSysctls", "allowedUnsafeSysctls", "allowedUnsafeSysctls: ['net.core.*']",
                "securityContext:\n  sysctls: [{name: net.core.somaxconn, value: '1024'}]\n" + container(""),
                "securityContext:\n  sysctls: [{name: kernel.msgmax, value: '65536'}]\n" + container(""),
                "pod.spec.securityContext.sysctls[0]: Forbidden: unsafe sysctl \"kernel.msgmax\" is not allowed"));
        cases.add(rule("runtimeClass", "runtimeClass", "runtimeClass:\n  allowedRuntimeClassNames: [gvisor]",
                "runtimeClassName: gvisor\n" + container(""), "runtimeClassName: kata\n" + container(""),
                "spec.runtimeClassName: Invalid value: \"kata\""));
        cases.add(new Case("seccomp allowedProfileNames", SeccompStrategy.ALLOWED_ANNOTATION, "",
                SeccompStrategy.ALLOWED_ANNOTATION + ": runtime/default",
                "securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + container(""),
                "securityContext:\n  seccompProfile: {type: Unconfined}\n" + container(""), "", false,
                "pod.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: Forbidden: unconfined is not an "
                        + "allowed seccomp profile. Valid values are runtime/default "
                        + "pod.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: Forbidden: "
                        + "unconfined is not an allowed seccomp profile. Valid values are runtime/default"));
        cases.add(new Case("seccomp without allowedProfileNames", SeccompStrategy.ALLOWED_ANNOTATION, "", "",
                container(""), container("seccompProfile: {type: Localhost, localhostProfile: audit.json}"),
                "", false, "pod.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: Forbidden: "
                        + "seccomp may not be set"));
        cases.add(new Case("apparmor allowedProfileNames", AppArmorStrategy.ALLOWED_ANNOTATION, "",
                AppArmorStrategy.ALLOWED_ANNOTATION + ": runtime/default",
                container("appArmorProfile: {type: RuntimeDefault}"), container(""),
                "container.apparmor.security.beta.kubernetes.io/app: localhost/custom", false,
                "pod.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: Forbidden: localhost/custom "
                        + "is not an allowed profile. Allowed values: \"runtime/default\""));
        cases.add(new Case("apparmor profile required", AppArmorStrategy.ALLOWED_ANNOTATION, "",
                AppArmorStrategy.ALLOWED_ANNOTATION + ": runtime/default",
                container(""), container(""), "", false,
                "pod.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: Forbidden: AppArmor profile must be set")
                .withPassingAnnotations("container.apparmor.security.beta.kubernetes.io/app: runtime/default"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void admitsThePassingExample(Case c) {
        PolicySet set = policy(c.spec(), c.policyAnnotations());
        ResourceVerdict v = judge(set, pod(c.passes(), c.passingAnnotations()), c.update() ? update(null, "u") : as(null, "u"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("rule", v.admittedBy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void refusesTheFailingExample(Case c) {
        PolicySet set = policy(c.spec(), c.policyAnnotations());
        ResourceVerdict v = judge(set, pod(c.fails(), c.podAnnotations()), c.update() ? update(null, "u") : as(null, "u"));
        assertFalse(v.allowed(), v::toString);
        String verb = c.update() ? "validate" : "admit";
        assertEquals("PodSecurityPolicy: unable to " + verb + " pod: [" + c.errors() + "]", v.message());
        if (c.check() != null) {
            assertEquals(c.check(), v.violations().get(v.violations().size() - 1).check());
        }
        for (Violation violation : v.violations()) {
            assertEquals("PodSecurityPolicy/rule", violation.policy());
            assertTrue(violation.line() >= 1, violation::toString);
        }
    }

    @Test
    void theHostPortsOfAWorkloadOnTheHostNetworkAreItsContainerPorts() {
        // Its controller creates Pods, whose hostPort the API server defaults to containerPort.
        String daemonSet = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: exporter}
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      containers:
                      - name: app
                        image: app
                        ports: [{containerPort: 9100}]
                """;
        ResourceVerdict v = judge(policy("hostNetwork: true\nhostPorts:\n- {min: 80, max: 80}", ""), daemonSet, as(null, "u"));
        assertEquals("PodSecurityPolicy: unable to admit pod: [spec.containers[0].hostPort: Invalid value: 9100: "
                + "Host port 9100 is not allowed to be used. Allowed ports: [80]]", v.message());
    }

    /** A rule's defaults on CREATE: the policy, the pod, and each mutation (path and value). */
    record Defaults(String name, String spec, String policyAnnotations, String pod, List<Mutation> mutations) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Defaults> defaults() {
        String plain = container("");
        return Stream.of(
                new Defaults("runAsUser MustRunAs", "runAsUser:\n  rule: MustRunAs\n  ranges: [{min: 1000, max: 2000}]", "", plain,
                        List.of(new Mutation("spec.containers[0].securityContext.runAsUser", 1000L))),
                new Defaults("runAsUser MustRunAsNonRoot", "runAsUser: {rule: MustRunAsNonRoot}", "", plain,
                        List.of(new Mutation("spec.containers[0].securityContext.runAsNonRoot", true))),
                new Defaults("runAsUser MustRunAsNonRoot with a uid", "runAsUser: {rule: MustRunAsNonRoot}", "",
                        container("runAsUser: 1000"), List.of()),
                new Defaults("runAsGroup MustRunAs", "runAsGroup:\n  rule: MustRunAs\n  ranges: [{min: 3000, max: 4000}]", "", plain,
                        List.of(new Mutation("spec.containers[0].securityContext.runAsGroup", 3000L))),
                new Defaults("supplementalGroups and fsGroup MustRunAs",
                        "supplementalGroups:\n  rule: MustRunAs\n  ranges: [{min: 5, max: 9}]\nfsGroup:\n  rule: MustRunAs\n  ranges: [{min: 7, max: 9}]",
                        "", plain, List.of(new Mutation("spec.securityContext.supplementalGroups", List.of(5L)),
                                new Mutation("spec.securityContext.fsGroup", 7L))),
                new Defaults("seLinux MustRunAs", "seLinux:\n  rule: MustRunAs\n  seLinuxOptions: {type: container_t, level: \"s0:c1\"}",
                        "", plain, List.of(new Mutation("spec.securityContext.seLinuxOptions",
                                Map.of("type", "container_t", "level", "s0:c1")))),
                new Defaults("readOnlyRootFilesystem", "readOnlyRootFilesystem: true", "", plain,
                        List.of(new Mutation("spec.containers[0].securityContext.readOnlyRootFilesystem", true))),
                new Defaults("allowPrivilegeEscalation false", "allowPrivilegeEscalation: false", "", plain,
                        List.of(new Mutation("spec.containers[0].securityContext.allowPrivilegeEscalation", false))),
                new Defaults("defaultAllowPrivilegeEscalation", "defaultAllowPrivilegeEscalation: false", "", plain,
                        List.of(new Mutation("spec.containers[0].securityContext.allowPrivilegeEscalation", false))),
                new Defaults("defaultAddCapabilities and requiredDropCapabilities",
                        "defaultAddCapabilities: [NET_BIND_SERVICE, CHOWN]\nrequiredDropCapabilities: [NET_RAW]", "",
                        container("capabilities: {drop: [CHOWN]}"), List.of(
                                new Mutation("spec.containers[0].securityContext.capabilities.add", List.of("NET_BIND_SERVICE")),
                                new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("CHOWN", "NET_RAW")))),
                new Defaults("seccomp defaultProfileName", "",
                        SeccompStrategy.ALLOWED_ANNOTATION + ": runtime/default\n" + SeccompStrategy.DEFAULT_ANNOTATION + ": runtime/default",
                        plain, List.of(new Mutation("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]", "runtime/default"))),
                new Defaults("apparmor defaultProfileName", "",
                        AppArmorStrategy.ALLOWED_ANNOTATION + ": runtime/default\n" + AppArmorStrategy.DEFAULT_ANNOTATION + ": runtime/default",
                        "initContainers:\n- name: init\n  image: init\n" + plain, List.of(
                                new Mutation("metadata.annotations[container.apparmor.security.beta.kubernetes.io/init]", "runtime/default"),
                                new Mutation("metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]", "runtime/default"))),
                new Defaults("runtimeClass defaultRuntimeClassName",
                        "runtimeClass:\n  allowedRuntimeClassNames: [gvisor]\n  defaultRuntimeClassName: gvisor", "", plain,
                        List.of(new Mutation("spec.runtimeClassName", "gvisor"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void appliesItsDefaultsOnCreate(Defaults d) {
        ResourceVerdict v = judge(policy(d.spec(), d.policyAnnotations()), pod(d.pod(), ""), as(null, "u"));
        assertTrue(v.allowed(), v::toString);
        assertEquals(d.mutations(), v.mutations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void onUpdateAPodThatNeedsDefaultsIsNotAdmitted(Defaults d) {
        ResourceVerdict v = judge(policy(d.spec(), d.policyAnnotations()), pod(d.pod(), ""), update(null, "u"));
        assertEquals(d.mutations().isEmpty(), v.allowed(), v::toString);
    }
}
