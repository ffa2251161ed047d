package io.kubepolicycheck.validator.securitycontextconstraints;

import static io.kubepolicycheck.validator.policyset.TestSets.as;
import static io.kubepolicycheck.validator.policyset.TestSets.judge;
import static io.kubepolicycheck.validator.policyset.TestSets.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each SCC strategy and switch with a pod it admits and a pod it refuses, in OpenShift's words. */
class SecurityContextConstraintsRulesTest {
    /** An SCC named {@code x}, allowing everything but what {@code fields} say; no RBAC, so usable by everyone. */
    static String scc(String name, String fields) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("allowPrivilegedContainer", "allowPrivilegedContainer: true");
        base.put("allowHostDirVolumePlugin", "allowHostDirVolumePlugin: true");
        base.put("allowHostNetwork", "allowHostNetwork: true");
        base.put("allowHostPorts", "allowHostPorts: true");
        base.put("allowHostPID", "allowHostPID: true");
        base.put("allowHostIPC", "allowHostIPC: true");
        base.put("allowedCapabilities", "allowedCapabilities: ['*']");
        base.put("runAsUser", "runAsUser: {type: RunAsAny}");
        base.put("seLinuxContext", "seLinuxContext: {type: RunAsAny}");
        base.put("seccompProfiles", "seccompProfiles: ['*']");
        base.put("allowedUnsafeSysctls", "allowedUnsafeSysctls: ['*']");
        StringBuilder own = new StringBuilder();
        for (String line : fields.split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("-")) {
                base.remove(line.substring(0, line.indexOf(':')));
            }
            own.append(line).append('\n');
        }
        return "apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: " + name + "\n"
                + String.join("\n", base.values()) + "\n" + own;
    }

    static String pod(String spec) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n" + spec.indent(2);
    }

    static String container(String securityContext) {
        return "containers:\n- name: app\n  image: app\n" + (securityContext.isEmpty() ? "" : "  securityContext:\n" + securityContext.indent(4));
    }

    record Case(String name, String check, String fields, String passes, String fails, String errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> rules() {
        return Stream.of(
                new Case("runAsUser MustRunAs", "runAsUser", "runAsUser: {type: MustRunAs, uid: 1001}",
                        container(""), container("runAsUser: 1002"),
                        "provider x: .containers[0].runAsUser: Invalid value: 1002: must be: 1001"),
                new Case("runAsUser MustRunAsRange", "runAsUser", "runAsUser: {type: MustRunAsRange, uidRangeMin: 1000, uidRangeMax: 2000}",
                        container("runAsUser: 2000"), container("runAsUser: 999"),
                        "provider x: .containers[0].runAsUser: Invalid value: 999: must be in the ranges: [1000, 2000]"),
                new Case("runAsUser MustRunAsRange from the namespace", "runAsUser", "runAsUser: {type: MustRunAsRange}",
                        container("runAsUser: 1000000000"), container("runAsUser: 1000"),
                        "provider x: .containers[0].runAsUser: Invalid value: 1000: must be in the ranges: [1000000000, 1000009999]"),
                new Case("runAsUser MustRunAsNonRoot", "runAsUser", "runAsUser: {type: MustRunAsNonRoot}",
                        container("runAsNonRoot: true"), "securityContext: {runAsUser: 0}\n" + container(""),
                        "provider x: .containers[0].runAsUser: Invalid value: 0: running with the root UID is forbidden"),
                new Case("seLinuxContext MustRunAs", "seLinuxContext",
                        "seLinuxContext:\n  type: MustRunAs\n  seLinuxOptions: {type: container_t, level: \"s0:c5,c10\"}",
                        container(""), container("seLinuxOptions: {type: spc_t, level: \"s0:c10,c5\"}"),
                        "provider x: .containers[0].seLinuxOptions.type: Invalid value: \"spc_t\": must be container_t"),
                new Case("fsGroup MustRunAs", "fsGroup", "fsGroup:\n  type: MustRunAs\n  ranges: [{min: 1000, max: 2000}]",
                        "securityContext: {fsGroup: 1500}\n" + container(""), "securityContext: {fsGroup: 5}\n" + container(""),
                        "provider x: .spec.securityContext.fsGroup: Invalid value: []int64{5}: 5 is not an allowed group"),
                new Case("supplementalGroups MustRunAs", "supplementalGroups",
                        "supplementalGroups:\n  type: MustRunAs\n  ranges: [{min: 1000, max: 2000}]",
                        container(""), "securityContext: {supplementalGroups: [1000, 0]}\n" + container(""),
                        "provider x: .spec.securityContext.supplementalGroups: Invalid value: []int64{1000, 0}: 0 is not an allowed group"),
                new Case("allowPrivilegedContainer", "allowPrivilegedContainer", "allowPrivilegedContainer: false",
                        container("privileged: false"), container("privileged: true"),
                        "provider x: .containers[0].privileged: Invalid value: true: Privileged containers are not allowed"),
                new Case("allowedCapabilities", "allowedCapabilities", "allowedCapabilities: [NET_BIND_SERVICE]",
                        container("capabilities: {add: [NET_BIND_SERVICE]}"), container("capabilities: {add: [NET_ADMIN]}"),
                        "provider x: .containers[0].capabilities.add: Invalid value: \"NET_ADMIN\": capability may not be added"),
                new Case("allowHostDirVolumePlugin", "volumes", "allowHostDirVolumePlugin: false",
                        container("") + "volumes: [{name: v, emptyDir: {}}]\n",
                        container("") + "volumes: [{name: v, hostPath: {path: /etc}}]\n",
                        "spec.volumes[0]: Invalid value: \"hostPath\": hostPath volumes are not allowed to be used"),
                new Case("volumes", "volumes", "allowHostDirVolumePlugin: false\nvolumes: [configMap, secret]",
                        container("") + "volumes: [{name: v, configMap: {name: c}}]\n",
                        container("") + "volumes: [{name: v, nfs: {server: nfs, path: /}}]\n",
                        "spec.volumes[0]: Invalid value: \"nfs\": nfs volumes are not allowed to be used"),
                new Case("allowedFlexVolumes", "allowedFlexVolumes", "allowedFlexVolumes: [{driver: example/lvm}]",
                        container("") + "volumes: [{name: v, flexVolume: {driver: example/lvm}}]\n",
                        container("") + "volumes: [{name: v, flexVolume: {driver: example/nfs}}]\n",
                        "provider x: .spec.securityContext.volumes[0].driver: Invalid value: \"example/nfs\": "
                                + "Flexvolume driver is not allowed to be used"),
                new Case("allowHostNetwork", "allowHostNetwork", "allowHostNetwork: false",
                        container(""), "hostNetwork: true\n" + container(""),
                        "[provider x: .spec.securityContext.hostNetwork: Invalid value: true: Host network is not allowed to be used, "
                                + "provider x: .containers[0].hostNetwork: Invalid value: true: Host network is not allowed to be used]"),
                new Case("allowHostPorts", "allowHostPorts", "allowHostPorts: false",
                        container("") + "  ports: [{containerPort: 80}]\n", container("") + "  ports: [{containerPort: 80, hostPort: 80}]\n",
                        "provider x: .containers[0].containers[0].hostPort: Invalid value: 80: Host ports are not allowed to be used"),
                // The API server defaults hostPort to containerPort in a Pod on the host network before admission.
                new Case("allowHostPorts: a Pod on the host network uses its containerPort", "allowHostPorts",
                        "allowHostPorts: false",
                        container("") + "  ports: [{containerPort: 80}]\n", "hostNetwork: true\n" + container("") + "  ports: [{containerPort: 9100}]\n",
                        "provider x: .containers[0].containers[0].hostPort: Invalid value: 9100: Host ports are not allowed to be used"),
                new Case("allowHostPID", "allowHostPID", "allowHostPID: false",
                        container(""), "hostPID: true\n" + container(""),
                        "[provider x: .spec.securityContext.hostPID: Invalid value: true: Host PID is not allowed to be used, "
                                + "provider x: .containers[0].hostPID: Invalid value: true: Host PID is not allowed to be used]"),
                new Case("allowHostIPC", "allowHostIPC", "allowHostIPC: false",
                        container(""), "hostIPC: true\n" + container(""),
                        "[provider x: .spec.securityContext.hostIPC: Invalid value: true: Host IPC is not allowed to be used, "
                                + "provider x: .containers[0].hostIPC: Invalid value: true: Host IPC is not allowed to be used]"),
                new Case("userNamespaceLevel RequirePodLevel", "userNamespaceLevel", "userNamespaceLevel: RequirePodLevel",
                        "hostUsers: false\n" + container(""), container(""),
                        "provider x: .spec.securityContext.hostUsers: Invalid value: \"null\": Host Users must be set to false"),
                new Case("readOnlyRootFilesystem", "readOnlyRootFilesystem", "readOnlyRootFilesystem: true",
                        container(""), container("readOnlyRootFilesystem: false"),
                        "provider x: .containers[0].readOnlyRootFilesystem: Invalid value: false: ReadOnlyRootFilesystem must be set to true"),
                new Case("allowPrivilegeEscalation", "allowPrivilegeEscalation", "allowPrivilegeEscalation: false",
                        container(""), container("allowPrivilegeEscalation: true"),
                        "provider x: .containers[0].allowPrivilegeEscalation: Invalid value: true: "
                                + "Allowing privilege escalation for containers is not allowed"),
                new Case("seccompProfiles", "seccompProfiles", "seccompProfiles: [runtime/default]",
                        "securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + container(""),
                        container("seccompProfile: {type: Unconfined}"),
                        "pod.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: Forbidden: "
                                + "unconfined is not an allowed seccomp profile. Valid values are [runtime/default]"),
                new Case("no seccompProfiles", "seccompProfiles", "seccompProfiles: []",
                        container(""), container("seccompProfile: {type: RuntimeDefault}"),
                        "pod.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: Forbidden: seccomp may not be set"),
                new Case("forbiddenSysctls", "forbiddenSysctls", "forbiddenSysctls: ['kernel.*']",
                        "securityContext: {sysctls: [{name: net.ipv4.tcp_syncookies, value: '1'}]}\n" + container(""),
                        "securityContext: {sysctls: [{name: kernel.shm_rmid_forced, value: '1'}]}\n" + container(""),
                        "pod.spec.securityContext.sysctls[0]: Forbidden: sysctl \"kernel.shm_rmid_forced\" is not allowed"),
                new Case("allowedUnsafeSysctls", "allowedUnsafeSysctls", "allowedUnsafeSysctls: []",
                        "securityContext: {sysctls: [{name: net.ipv4.tcp_keepalive_time, value: '60'}]}\n" + container(""),
                        "securityContext: {sysctls: [{name: net.core.somaxconn, value: '1024'}]}\n" + container(""),
                        "pod.spec.securityContext.sysctls[0]: Forbidden: unsafe sysctl \"net.core.somaxconn\" is not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void admitsThePassingExample(Case c) {
        ResourceVerdict v = judge(load(scc("x", c.fields())), pod(c.passes()), as(null, "u"));
        assertTrue(v.allowed(), v::toString);
        assertEquals("x", v.admittedBy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void refusesTheFailingExample(Case c) {
        ResourceVerdict v = judge(load(scc("x", c.fields())), pod(c.fails()), as(null, "u"));
        assertFalse(v.allowed());
        assertEquals("unable to validate against any security context constraint: " + c.errors(), v.message());
        assertEquals(c.check(), v.violations().get(0).check());
        assertEquals("SecurityContextConstraints/x", v.violations().get(0).policy());
    }

    @Test
    void defaultsComeFromTheStrategiesOnCreate() {
        String fields = """
                runAsUser: {type: MustRunAs, uid: 1001}
                seLinuxContext:
                  type: MustRunAs
                  seLinuxOptions: {type: container_t}
                fsGroup: {type: MustRunAs, ranges: [{min: 3000, max: 4000}]}
                supplementalGroups: {type: MustRunAs}
                requiredDropCapabilities: [ALL]
                readOnlyRootFilesystem: true
                allowPrivilegeEscalation: false
                seccompProfiles: [runtime/default]
                """;
        ResourceVerdict v = judge(load(scc("x", fields)), pod(container("")), as(null, "u"));
        assertTrue(v.allowed(), v::toString);
        assertEquals(List.of(
                new Mutation("spec.securityContext.supplementalGroups", List.of(1000000000L)),
                new Mutation("spec.securityContext.fsGroup", 3000L),
                new Mutation("spec.securityContext.seLinuxOptions", Map.of("type", "container_t", "level", "s0:c1,c0")),
                new Mutation("metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]", "runtime/default"),
                new Mutation("spec.securityContext.seccompProfile", Map.of("type", "RuntimeDefault")),
                new Mutation("spec.containers[0].securityContext.runAsUser", 1001L),
                new Mutation("spec.containers[0].securityContext.runAsNonRoot", true),
                new Mutation("spec.containers[0].securityContext.capabilities.drop", List.of("ALL")),
                new Mutation("spec.containers[0].securityContext.readOnlyRootFilesystem", true),
                new Mutation("spec.containers[0].securityContext.allowPrivilegeEscalation", false)), v.mutations());
    }

    @Test
    void aHigherPriorityWinsOverMoreRestrictive() {
        PolicySet set = load(scc("loose", "priority: 5") + "---\n" + scc("tight", "allowPrivilegedContainer: false\nrunAsUser: {type: MustRunAsRange, uidRangeMin: 1, uidRangeMax: 9}"));
        assertEquals("loose", judge(set, pod(container("runAsUser: 5")), as(null, "u")).admittedBy());
    }

    @Test
    void atEqualPriorityTheMoreRestrictiveIsChosenEvenIfItDefaults() {
        PolicySet set = load(scc("a-loose", "") + "---\n" + scc("b-tight", "allowPrivilegedContainer: false\nrunAsUser: {type: MustRunAsRange, uidRangeMin: 1, uidRangeMax: 9}"));
        ResourceVerdict v = judge(set, pod(container("")), as(null, "u"));
        assertEquals("b-tight", v.admittedBy());
        assertEquals(new Mutation("spec.containers[0].securityContext.runAsUser", 1L), v.mutations().get(0));
    }

    @Test
    void usersAndGroupsOnTheObjectSayWhoMayUseIt() {
        PolicySet set = load(scc("admins", "groups: [admins]\nusers: [root]") + "---\n" + scc("tight", "allowPrivilegedContainer: false"));
        String privileged = pod(container("privileged: true"));
        assertEquals("admins", judge(set, privileged, as(null, "jane", "admins")).admittedBy());
        assertEquals("admins", judge(set, privileged, as(null, "root")).admittedBy());
        ResourceVerdict denied = judge(set, privileged, as(null, "jane"));
        // tight is more restrictive than admins, so it is tried first
        assertEquals("unable to validate against any security context constraint: [provider tight: .containers[0].privileged: "
                + "Invalid value: true: Privileged containers are not allowed, provider \"admins\": Forbidden: not usable "
                + "by user or serviceaccount]", denied.message());
    }

    @Test
    void rbacUseGrantsAnSccInTheNamespace() {
        PolicySet set = load(scc("special", "") + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: use-special, namespace: apps}
                rules:
                - {apiGroups: [security.openshift.io], resources: [securitycontextconstraints], verbs: [use], resourceNames: [special]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: builder-special, namespace: apps}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: use-special}
                subjects: [{kind: ServiceAccount, name: builder}]
                """);
        assertTrue(judge(set, pod("serviceAccountName: builder\n" + container("")), as(null, "jane")).allowed());
        assertFalse(judge(set, pod(container("")), as(null, "jane")).allowed());
    }
}
