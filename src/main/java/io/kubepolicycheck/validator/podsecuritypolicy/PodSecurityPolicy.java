package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PodSecurityPolicy ({@code policy/v1beta1}), its spec read with the API server's defaults
 * ({@code allowPrivilegeEscalation} true when unset, {@code runAsGroup} RunAsAny when absent). {@code images}
 * is set only for a Kube Cover item, which had image rules PodSecurityPolicy lacks.
 */
public record PodSecurityPolicy(
        String name,
        boolean privileged,
        boolean hostNetwork,
        boolean hostPID,
        boolean hostIPC,
        List<HostPortRange> hostPorts,
        List<String> volumes,
        List<AllowedHostPath> allowedHostPaths,
        List<String> allowedFlexVolumes,
        List<String> allowedCSIDrivers,
        boolean readOnlyRootFilesystem,
        RunAsUserStrategy runAsUser,
        GroupStrategy runAsGroup,
        GroupStrategy supplementalGroups,
        GroupStrategy fsGroup,
        SeLinuxStrategy seLinux,
        boolean allowPrivilegeEscalation,
        Boolean defaultAllowPrivilegeEscalation,
        CapabilitiesStrategy capabilities,
        List<String> allowedProcMountTypes,
        SysctlsStrategy sysctls,
        RuntimeClassStrategy runtimeClass,
        SeccompStrategy seccomp,
        AppArmorStrategy appArmor,
        ImagePolicy images) {

    /** An inclusive host port range; prints as upstream's late message does: {@code 80} or {@code 8000-8080}. */
    public record HostPortRange(long min, long max) {
        public boolean contains(long port) {
            return port >= min && port <= max;
        }

        @Override
        public String toString() {
            return min == max ? Long.toString(min) : min + "-" + max;
        }
    }

    public PodSecurityPolicy {
        hostPorts = List.copyOf(hostPorts);
        volumes = List.copyOf(volumes);
        allowedHostPaths = List.copyOf(allowedHostPaths);
        allowedFlexVolumes = List.copyOf(allowedFlexVolumes);
        allowedCSIDrivers = List.copyOf(allowedCSIDrivers);
        allowedProcMountTypes = List.copyOf(allowedProcMountTypes);
    }

    /** The main settings, for the description of a policy set. */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("privileged", privileged);
        out.put("hostNetwork", hostNetwork);
        out.put("hostPID", hostPID);
        out.put("hostIPC", hostIPC);
        out.put("hostPorts", hostPorts.stream().map(HostPortRange::toString).toList());
        out.put("volumes", volumes);
        if (!allowedHostPaths.isEmpty()) {
            out.put("allowedHostPaths", allowedHostPaths.stream().map(PodSecurityPolicy::hostPath).toList());
        }
        out.put("allowPrivilegeEscalation", allowPrivilegeEscalation);
        out.put("runAsUser", runAsUser.rule());
        out.put("runAsGroup", runAsGroup.rule());
        out.put("supplementalGroups", supplementalGroups.rule());
        out.put("fsGroup", fsGroup.rule());
        out.put("seLinux", seLinux.rule());
        out.put("requiredDropCapabilities", capabilities.requiredDrop());
        out.put("allowedCapabilities", capabilities.allowed());
        if (images != null) {
            out.put("images", images.settings());
        }
        return out;
    }

    private static Map<String, Object> hostPath(AllowedHostPath path) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pathPrefix", path.pathPrefix());
        out.put("readOnly", path.readOnly());
        return out;
    }
}
