package io.kubepolicycheck.validator.securitycontextconstraints;

import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenShift SecurityContextConstraints ({@code security.openshift.io/v1}), read with the API server's
 * defaults: {@code volumes} reconciled with {@code allowHostDirVolumePlugin}, {@code allowPrivilegeEscalation}
 * true and group strategies RunAsAny when unset. Ranges left unset by a strategy that needs them are taken
 * from the pod's namespace when the pod is checked.
 */
public record SecurityContextConstraints(
        String name,
        Integer priority,
        boolean allowPrivilegedContainer,
        List<String> defaultAddCapabilities,
        List<String> requiredDropCapabilities,
        List<String> allowedCapabilities,
        List<String> volumes,
        List<String> allowedFlexVolumes,
        boolean allowHostNetwork,
        boolean allowHostPorts,
        boolean allowHostPID,
        boolean allowHostIPC,
        boolean requirePodLevelUserNamespace,
        Boolean defaultAllowPrivilegeEscalation,
        boolean allowPrivilegeEscalation,
        String seLinuxType,
        SeLinuxOptions seLinuxOptions,
        String runAsUserType,
        Long uid,
        Long uidRangeMin,
        Long uidRangeMax,
        String supplementalGroupsType,
        List<IdRange> supplementalGroupsRanges,
        String fsGroupType,
        List<IdRange> fsGroupRanges,
        boolean readOnlyRootFilesystem,
        List<String> users,
        List<String> groups,
        List<String> seccompProfiles,
        List<String> allowedUnsafeSysctls,
        List<String> forbiddenSysctls) {

    public static final String MUST_RUN_AS = "MustRunAs";
    public static final String MUST_RUN_AS_RANGE = "MustRunAsRange";
    public static final String MUST_RUN_AS_NON_ROOT = "MustRunAsNonRoot";
    public static final String RUN_AS_ANY = "RunAsAny";

    public SecurityContextConstraints {
        defaultAddCapabilities = List.copyOf(defaultAddCapabilities);
        requiredDropCapabilities = List.copyOf(requiredDropCapabilities);
        allowedCapabilities = List.copyOf(allowedCapabilities);
        volumes = List.copyOf(volumes);
        allowedFlexVolumes = List.copyOf(allowedFlexVolumes);
        supplementalGroupsRanges = List.copyOf(supplementalGroupsRanges);
        fsGroupRanges = List.copyOf(fsGroupRanges);
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        seccompProfiles = List.copyOf(seccompProfiles);
        allowedUnsafeSysctls = List.copyOf(allowedUnsafeSysctls);
        forbiddenSysctls = List.copyOf(forbiddenSysctls);
    }

    public int priorityOrZero() {
        return priority == null ? 0 : priority;
    }

    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("priority", priority);
        out.put("allowPrivilegedContainer", allowPrivilegedContainer);
        out.put("allowHostNetwork", allowHostNetwork);
        out.put("allowHostPorts", allowHostPorts);
        out.put("allowHostPID", allowHostPID);
        out.put("allowHostIPC", allowHostIPC);
        out.put("volumes", volumes);
        out.put("runAsUser", runAsUserType);
        out.put("seLinuxContext", seLinuxType);
        out.put("fsGroup", fsGroupType);
        out.put("supplementalGroups", supplementalGroupsType);
        out.put("requiredDropCapabilities", requiredDropCapabilities);
        out.put("allowedCapabilities", allowedCapabilities);
        out.put("users", users);
        out.put("groups", groups);
        return out;
    }
}
