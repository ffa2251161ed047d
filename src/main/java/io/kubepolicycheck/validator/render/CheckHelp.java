package io.kubepolicycheck.validator.render;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each check id of a verdict means and how to fix a finding, for renderers that explain their findings
 * (SARIF rules). Ids are the upstream ones: Pod Security check ids, PodSecurityPolicy and SCC spec fields.
 * The descriptions paraphrase the Pod Security Standards and PodSecurityPolicy documentation.
 */
final class CheckHelp {
    static final String PSS_URI = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
    static final String PSP_URI = "https://v1-24.docs.kubernetes.io/docs/concepts/security/pod-security-policy/";
    static final String SCC_URI =
            "https://docs.openshift.com/container-platform/latest/authentication/managing-security-context-constraints.html";

    /**
     * One check: a title, what it guards against, how to fix a finding; the Pod Security level that defines it
     * (null for policy fields only) and the section of the PodSecurityPolicy page that documents the field
     * (empty: the page itself; null: not a PodSecurityPolicy field).
     */
    record Entry(String id, String title, String description, String fix, String pssLevel, String pspSection) {
        /** Where to read more, for a finding reported by {@code policy} ({@code PodSecurity/...}, ...). */
        String helpUri(String policy) {
            if (id.equals(WARNING)) {
                return PSA_URI;
            }
            if (policy.startsWith("SecurityContextConstraints")) {
                return SCC_URI;
            }
            if (policy.startsWith("PodSecurityPolicy") && pspSection != null || pssLevel == null && pspSection != null) {
                return pspSection.isEmpty() ? PSP_URI : PSP_URI + "#" + pspSection;
            }
            return pssLevel != null ? PSS_URI + "#" + pssLevel : PSS_URI;
        }
    }

    static final String PSA_URI = "https://kubernetes.io/docs/concepts/security/pod-security-admission/";
    /** The rule of a denial that names no field (a policy that says only why it refused the object). */
    static final String DENIED = "admission-denied";
    /** The rule of an admission warning (Pod Security warn mode): the object is admitted, with this warning. */
    static final String WARNING = "admission-warning";

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(DENIED, new Entry(DENIED, "Denied by a policy",
                "A policy of the set refuses the object without naming a single field: for example no "
                        + "PodSecurityPolicy or security context constraints is usable by the requesting user or the "
                        + "pod's service account.",
                "Read the message: it gives the policy's reason. Grant `use` of a suitable policy to the user or "
                        + "service account, or change the pod so an available policy admits it.", null, ""));
        ENTRIES.put(WARNING, new Entry(WARNING, "Admission warning",
                "The API server would admit the object but answer with this warning: the pod violates the level "
                        + "that Pod Security admission is configured to warn about (its warn mode), so it would "
                        + "be denied where that level is enforced.",
                "Fix the checks the warning names (each is a rule of its own when enforced), or accept the "
                        + "warning.", null, null));
        // Pod Security Standards, baseline level.
        pss("hostNamespaces", "Host namespaces", "baseline",
                "Sharing the host's network, PID or IPC namespace gives a pod access to the node and to other "
                        + "pods' traffic and processes; the baseline level disallows it.",
                "Remove `spec.hostNetwork`, `spec.hostPID` and `spec.hostIPC`, or set them to `false`.");
        pss("privileged", "Privileged containers", "baseline",
                "Privileged containers disable most security mechanisms and get full access to the node; Pod "
                        + "Security baseline and most PodSecurityPolicies forbid them.",
                "Remove `securityContext.privileged` from every container, or set it to `false`; grant only the "
                        + "capabilities the container needs instead.");
        pss("capabilities_baseline", "Capabilities (baseline)", "baseline",
                "Adding Linux capabilities beyond the container runtime's default set must be disallowed.",
                "Add only capabilities of the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, "
                        + "MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) to "
                        + "`securityContext.capabilities.add`, or none.");
        pss("hostPathVolumes", "HostPath volumes", "baseline",
                "A hostPath volume mounts a directory of the node into the pod; the baseline level forbids it.",
                "Replace the `hostPath` volume by an `emptyDir`, `configMap`, `secret`, `persistentVolumeClaim` "
                        + "or CSI volume.");
        pss("hostPorts", "Host ports", "baseline",
                "A host port binds a port of the node itself; host ports should be disallowed, or limited to a "
                        + "known list (PodSecurityPolicy `hostPorts` ranges).",
                "Remove `hostPort` from the container's `ports` (or set it to 0) and expose the port through a "
                        + "Service instead.");
        pss("appArmorProfile", "AppArmor", "baseline",
                "On supported hosts the runtime's default AppArmor profile is applied; overriding or disabling "
                        + "it must be prevented.",
                "Set `securityContext.appArmorProfile.type` to `RuntimeDefault` or `Localhost`, or leave it unset; "
                        + "do not use `Unconfined` (nor the `unconfined` annotation).");
        pss("seLinuxOptions", "SELinux", "baseline",
                "Setting the SELinux type is restricted, and setting a custom SELinux user or role option is "
                        + "forbidden.",
                "Leave `securityContext.seLinuxOptions` unset, or use only the types `container_t`, "
                        + "`container_init_t`, `container_kvm_t` or `container_engine_t`, with no `user` or `role`.");
        pss("procMount", "/proc mount type", "baseline",
                "The default /proc masks reduce the attack surface and should be required.",
                "Remove `securityContext.procMount` or set it to `Default`.");
        pss("seccompProfile_baseline", "Seccomp (baseline)", "baseline",
                "The seccomp profile must not be explicitly set to `Unconfined`.",
                "Set `securityContext.seccompProfile.type` to `RuntimeDefault` or `Localhost`, or leave it unset.");
        pss("sysctls", "Sysctls", "baseline",
                "Sysctls can disable security mechanisms or affect every container on the node; only the "
                        + "namespaced \"safe\" subset is allowed.",
                "Use only safe sysctls in `spec.securityContext.sysctls` (such as `kernel.shm_rmid_forced`, "
                        + "`net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, "
                        + "`net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`).");
        pss("windowsHostProcess", "HostProcess", "baseline",
                "Windows HostProcess containers get privileged access to the Windows node; they must be disallowed.",
                "Remove `securityContext.windowsOptions.hostProcess` from the pod and its containers, or set it "
                        + "to `false`.");
        pss("hostProbesAndHostLifecycle", "Host probes and lifecycle hooks", "baseline",
                "A `host` in a probe or lifecycle hook makes the kubelet connect to another address; it must not "
                        + "be set.",
                "Remove `host` from the `httpGet` and `tcpSocket` handlers of probes and lifecycle hooks.");
        // Pod Security Standards, restricted level.
        pss("allowPrivilegeEscalation", "Privilege escalation", "restricted",
                "Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed.",
                "Set `securityContext.allowPrivilegeEscalation: false` in every container.");
        pss("capabilities_restricted", "Capabilities (restricted)", "restricted",
                "Containers must drop ALL capabilities, and may only add back NET_BIND_SERVICE.",
                "Set `securityContext.capabilities.drop: [\"ALL\"]` in every container and add at most "
                        + "`NET_BIND_SERVICE`.");
        pss("restrictedVolumes", "Volume types", "restricted",
                "The restricted level permits only the volume types configMap, csi, downwardAPI, emptyDir, "
                        + "ephemeral, image, persistentVolumeClaim, projected and secret.",
                "Replace the volume by one of the permitted types, for example a `persistentVolumeClaim` instead "
                        + "of an inline network volume.");
        pss("runAsNonRoot", "Running as non-root", "restricted",
                "Containers must be required to run as non-root users.",
                "Set `securityContext.runAsNonRoot: true` on the pod (or on every container), and build the image "
                        + "with a non-root user.");
        pss("runAsUser", "Running as non-root user", "restricted",
                "Containers must not run as the root user (UID 0); a PodSecurityPolicy or SCC may also require "
                        + "a UID from given ranges.",
                "Set `securityContext.runAsUser` to a non-zero UID that the policy allows, or leave it unset and "
                        + "rely on the image's non-root user.");
        pss("seccompProfile_restricted", "Seccomp (restricted)", "restricted",
                "The seccomp profile must be set explicitly, to `RuntimeDefault` or `Localhost`.",
                "Set `spec.securityContext.seccompProfile.type: RuntimeDefault` on the pod (or on every container).");
        pss("procMount_restricted", "/proc mount type (restricted)", "restricted",
                "The default /proc masks reduce the attack surface and are required by the restricted level.",
                "Remove `securityContext.procMount` or set it to `Default`.");

        // PodSecurityPolicy and SecurityContextConstraints spec fields.
        psp("hostNetwork", "Host network", "host-namespaces",
                "The policy does not allow the pod to use the node's network namespace.",
                "Remove `spec.hostNetwork` or set it to `false`.");
        psp("hostPID", "Host PID namespace", "host-namespaces",
                "The policy does not allow the pod to share the node's process ID namespace.",
                "Remove `spec.hostPID` or set it to `false`.");
        psp("hostIPC", "Host IPC namespace", "host-namespaces",
                "The policy does not allow the pod to share the node's IPC namespace.",
                "Remove `spec.hostIPC` or set it to `false`.");
        psp("volumes", "Volume types", "volumes-and-file-systems",
                "The policy allows only the volume types it lists.",
                "Use a volume type the policy lists, or ask for a policy that allows this one.");
        psp("allowedHostPaths", "Allowed host paths", "volumes-and-file-systems",
                "The policy allows hostPath volumes only under the path prefixes it lists, and read-only where it "
                        + "says so.",
                "Use a host path under an allowed prefix and mount it with `readOnly: true` where the policy "
                        + "requires it, or use another volume type.");
        psp("allowedFlexVolumes", "FlexVolume drivers", "flexvolume-drivers",
                "The policy allows only the FlexVolume drivers it lists.",
                "Use an allowed driver, or another volume type.");
        psp("allowedCSIDrivers", "Inline CSI drivers", "volumes-and-file-systems",
                "The policy allows only the inline CSI drivers it lists.",
                "Use an allowed CSI driver, or a `persistentVolumeClaim`.");
        psp("readOnlyRootFilesystem", "Read-only root filesystem", "volumes-and-file-systems",
                "The policy requires containers to run with a read-only root filesystem.",
                "Set `securityContext.readOnlyRootFilesystem: true` and write only to mounted volumes "
                        + "(`emptyDir` for scratch space).");
        psp("runAsGroup", "Run as group", "users-and-groups",
                "The policy restricts the primary group ID containers run with.",
                "Set `securityContext.runAsGroup` to a GID in the policy's ranges.");
        psp("supplementalGroups", "Supplemental groups", "users-and-groups",
                "The policy restricts the supplemental group IDs of the pod.",
                "Set `spec.securityContext.supplementalGroups` to GIDs in the policy's ranges.");
        psp("fsGroup", "Filesystem group", "users-and-groups",
                "The policy restricts the group that owns the pod's volumes.",
                "Set `spec.securityContext.fsGroup` to a GID in the policy's ranges.");
        psp("seLinux", "SELinux context", "selinux",
                "The policy requires the SELinux options it names.",
                "Set `securityContext.seLinuxOptions` to the policy's level, role, type and user, or leave them "
                        + "unset so the policy's defaults apply.");
        psp("seLinuxContext", "SELinux context", "selinux",
                "The security context constraints require the SELinux options they name.",
                "Leave `securityContext.seLinuxOptions` unset, or use the options the constraints allow.");
        psp("requiredDropCapabilities", "Required drop capabilities", "capabilities",
                "The policy requires containers to drop the capabilities it lists.",
                "List each required capability in `securityContext.capabilities.drop`.");
        psp("allowedCapabilities", "Allowed capabilities", "capabilities",
                "Containers may add only the capabilities the policy allows or adds by default.",
                "Remove the capability from `securityContext.capabilities.add`, or use a policy that allows it.");
        psp("allowedProcMountTypes", "Allowed /proc mount types", "allowedprocmounttypes",
                "The policy allows only the /proc mount types it lists (`Default` when it lists none).",
                "Remove `securityContext.procMount` or set it to `Default`.");
        psp("forbiddenSysctls", "Forbidden sysctls", "sysctl",
                "The policy forbids the sysctls it lists.",
                "Remove the sysctl from `spec.securityContext.sysctls`.");
        psp("allowedUnsafeSysctls", "Unsafe sysctls", "sysctl",
                "Unsafe sysctls are allowed only when the policy lists them.",
                "Remove the sysctl from `spec.securityContext.sysctls`, or use a policy that allows it.");
        psp("runtimeClass", "Runtime class", "",
                "The policy allows only the runtime classes it lists.",
                "Set `spec.runtimeClassName` to an allowed runtime class, or leave it unset.");
        psp("seccomp", "Seccomp profile", "seccomp",
                "The policy allows only the seccomp profiles named in its annotations.",
                "Use an allowed profile (usually `runtime/default`, or `RuntimeDefault` in "
                        + "`securityContext.seccompProfile`).");
        psp("apparmor", "AppArmor profile", "apparmor",
                "The policy allows only the AppArmor profiles named in its annotations.",
                "Use an allowed profile (usually `runtime/default`).");
        psp("images", "Container images", "",
                "The Kube Cover policy permits or denies container images by regular expression.",
                "Use an image the policy's `permitted` expressions match and no `denied` expression matches.");
        scc("allowPrivilegedContainer", "Privileged containers",
                "The security context constraints do not allow privileged containers.",
                "Remove `securityContext.privileged` or set it to `false`.");
        scc("allowHostNetwork", "Host network",
                "The security context constraints do not allow the node's network namespace.",
                "Remove `spec.hostNetwork` or set it to `false`.");
        scc("allowHostPorts", "Host ports",
                "The security context constraints do not allow host ports.",
                "Remove `hostPort` from the container's `ports` and expose the port through a Service.");
        scc("allowHostPID", "Host PID namespace",
                "The security context constraints do not allow the node's PID namespace.",
                "Remove `spec.hostPID` or set it to `false`.");
        scc("allowHostIPC", "Host IPC namespace",
                "The security context constraints do not allow the node's IPC namespace.",
                "Remove `spec.hostIPC` or set it to `false`.");
        scc("allowHostDirVolumePlugin", "Host directory volumes",
                "The security context constraints do not allow hostPath volumes.",
                "Replace the `hostPath` volume by another volume type.");
        scc("seccompProfiles", "Seccomp profiles",
                "The security context constraints allow only the seccomp profiles they list.",
                "Use an allowed profile, usually `runtime/default`.");
    }

    private CheckHelp() {
    }

    private static void pss(String id, String title, String level, String description, String fix) {
        ENTRIES.put(id, new Entry(id, title, description, fix, level, pspSectionOf(id)));
    }

    private static void psp(String id, String title, String section, String description, String fix) {
        ENTRIES.put(id, new Entry(id, title, description, fix, null, section));
    }

    private static void scc(String id, String title, String description, String fix) {
        ENTRIES.put(id, new Entry(id, title, description, fix, null, null));
    }

    /** Pod Security ids that are also PodSecurityPolicy fields, and where the PSP page documents them. */
    private static String pspSectionOf(String id) {
        return switch (id) {
            case "privileged" -> "privileged";
            case "hostPorts" -> "host-namespaces";
            case "runAsUser" -> "users-and-groups";
            case "allowPrivilegeEscalation" -> "privilege-escalation";
            case "sysctls" -> "sysctl";
            default -> null;
        };
    }

    /** The entry for {@code id}; an id this catalog does not know gets a generic one naming the policy. */
    static Entry of(String id, String policy) {
        Entry known = ENTRIES.get(id);
        if (known != null) {
            return known;
        }
        return new Entry(id, id,
                "The `" + id + "` rule of " + policy + " does not admit the pod as written.",
                "Change the field the finding points at so that " + policy + " admits it, or use a policy set "
                        + "that allows it.",
                null, policy.startsWith("PodSecurityPolicy") ? "" : null);
    }
}
