package io.kubepolicycheck.validator.securitycontextconstraints;

import static io.kubepolicycheck.validator.podsecuritypolicy.SecurityContextRules.hostNamespace;

import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecuritypolicy.Capabilities;
import io.kubepolicycheck.validator.podsecuritypolicy.CapabilitiesStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.EffectiveContainer;
import io.kubepolicycheck.validator.podsecuritypolicy.EffectivePod;
import io.kubepolicycheck.validator.podsecuritypolicy.FieldError;
import io.kubepolicycheck.validator.podsecuritypolicy.GoValues;
import io.kubepolicycheck.validator.podsecuritypolicy.PodVolume;
import io.kubepolicycheck.validator.podsecuritypolicy.RunAsUserStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxOptions;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SecurityContextRules;
import io.kubepolicycheck.validator.podsecuritypolicy.SysctlsStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.Value;
import io.kubepolicycheck.validator.podsecuritypolicy.VolumeTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * What one SCC does to a pod in one namespace, as OpenShift's {@code AssignSecurityContext}: the pod's
 * security context is defaulted and validated, then each container's (init, regular, ephemeral). Error paths
 * start with {@code provider <name>: }, as OpenShift prints them.
 */
final class SecurityContextConstraintsProvider {
    /** The kubelet's safe sysctls on a current kernel. */
    static final List<String> SAFE_SYSCTLS = List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");

    private final SecurityContextConstraints scc;
    private final String prefix;
    private final RunAsUserStrategy runAsUser;
    private final SeLinuxStrategy seLinux;
    private final GroupRule fsGroup;
    private final GroupRule supplementalGroups;
    private final CapabilitiesStrategy capabilities;
    private final SeccompProfiles seccomp;
    private final SysctlsStrategy sysctls;

    SecurityContextConstraintsProvider(SecurityContextConstraints scc, NamespaceAllocation namespace) {
        this.scc = scc;
        this.prefix = "provider " + scc.name() + ": ";
        this.runAsUser = switch (scc.runAsUserType()) {
            case SecurityContextConstraints.MUST_RUN_AS -> new RunAsUserStrategy.MustRunAsUid(scc.uid());
            case SecurityContextConstraints.MUST_RUN_AS_RANGE -> scc.uidRangeMin() == null
                    ? new RunAsUserStrategy.MustRunAsRange(namespace.uids().min(), namespace.uids().max())
                    : new RunAsUserStrategy.MustRunAsRange(scc.uidRangeMin(), scc.uidRangeMax());
            case SecurityContextConstraints.MUST_RUN_AS_NON_ROOT -> new RunAsUserStrategy.MustRunAsNonRoot();
            default -> new RunAsUserStrategy.RunAsAny();
        };
        if (SecurityContextConstraints.MUST_RUN_AS.equals(scc.seLinuxType())) {
            SeLinuxOptions o = scc.seLinuxOptions() == null ? new SeLinuxOptions("", "", "", "") : scc.seLinuxOptions();
            this.seLinux = new SeLinuxStrategy.MustRunAs(o.level().isEmpty()
                    ? new SeLinuxOptions(o.user(), o.role(), o.type(), namespace.mcs()) : o);
        } else {
            this.seLinux = new SeLinuxStrategy.RunAsAny();
        }
        this.fsGroup = new GroupRule("fsGroup", !SecurityContextConstraints.MUST_RUN_AS.equals(scc.fsGroupType()) ? null
                : scc.fsGroupRanges().isEmpty() ? namespace.fsGroup() : scc.fsGroupRanges());
        this.supplementalGroups = new GroupRule("supplementalGroups",
                !SecurityContextConstraints.MUST_RUN_AS.equals(scc.supplementalGroupsType()) ? null
                        : scc.supplementalGroupsRanges().isEmpty() ? namespace.groups() : scc.supplementalGroupsRanges());
        this.capabilities = new CapabilitiesStrategy(scc.defaultAddCapabilities(), scc.requiredDropCapabilities(),
                scc.allowedCapabilities());
        this.seccomp = new SeccompProfiles(scc.seccompProfiles());
        this.sysctls = new SysctlsStrategy(SAFE_SYSCTLS, scc.allowedUnsafeSysctls(), scc.forbiddenSysctls());
    }

    SecurityContextConstraints scc() {
        return scc;
    }

    /** Defaults and validates the pod, then each container; the errors of all of it. */
    List<FieldError> assign(EffectivePod pod) {
        List<FieldError> out = new ArrayList<>();
        mutatePod(pod);
        validatePod(pod, out);
        for (EffectiveContainer c : pod.containers()) {
            mutateContainer(pod, c);
            validateContainer(pod, c, out);
        }
        return out;
    }

    private void mutatePod(EffectivePod pod) {
        if (pod.supplementalGroups().value() == null && supplementalGroups.generate() != null) {
            pod.setSupplementalGroups(supplementalGroups.generate());
        }
        if (!pod.fsGroup().isSet() && fsGroup.generateSingle() != null) {
            pod.setFsGroup(fsGroup.generateSingle());
        }
        if (!pod.seLinuxOptions().isSet() && seLinux.generate() != null) {
            pod.setSeLinuxOptions(seLinux.generate());
        }
        seccomp.mutate(pod);
    }

    private void validatePod(EffectivePod pod, List<FieldError> out) {
        String path = prefix + ".spec.securityContext";
        Value<Long> fs = pod.fsGroup();
        fsGroup.validate(path, fs.node(), fs.isSet() ? List.of(fs.value()) : List.of(), out);
        Value<List<Long>> supplemental = pod.supplementalGroups();
        supplementalGroups.validate(path, supplemental.node(), supplemental.value(), out);
        seccomp.validatePod(pod, out);
        seLinux.validate(path, pod.seLinuxOptions(), "seLinuxContext", out);
        hostNamespace(pod.hostNetwork(), scc.allowHostNetwork(), path + ".hostNetwork", "Host network", "allowHostNetwork", out);
        hostNamespace(pod.hostPID(), scc.allowHostPID(), path + ".hostPID", "Host PID", "allowHostPID", out);
        hostNamespace(pod.hostIPC(), scc.allowHostIPC(), path + ".hostIPC", "Host IPC", "allowHostIPC", out);
        Value<Boolean> hostUsers = pod.hostUsers();
        if (scc.requirePodLevelUserNamespace() && !Boolean.FALSE.equals(hostUsers.value())) {
            out.add(FieldError.invalid(path + ".hostUsers", GoValues.of(hostUsers.value()), "Host Users must be set to false",
                    hostUsers.node(), "userNamespaceLevel"));
        }
        sysctls.validate(pod, out);
        validateVolumes(pod, path, out);
    }

    private void validateVolumes(EffectivePod pod, String path, List<FieldError> out) {
        List<PodVolume> volumes = pod.volumes();
        boolean all = scc.volumes().contains("*");
        for (int i = 0; i < volumes.size() && !all; i++) {
            PodVolume volume = volumes.get(i);
            String type = volume.sccType();
            if (!allowsVolumeType(type, volume.node())) {
                out.add(FieldError.invalid(volume.path(), GoValues.quote(type), type
                        + " volumes are not allowed to be used", volume.anchor(), "volumes"));
            }
        }
        if (scc.allowedFlexVolumes().isEmpty() || !(all || scc.volumes().contains("flexVolume"))) {
            return;
        }
        for (int i = 0; i < volumes.size(); i++) {
            Node flexVolume = volumes.get(i).node().get("flexVolume");
            Node driver = flexVolume.get("driver");
            if (flexVolume.isMapping() && !scc.allowedFlexVolumes().contains(driver.textOr(""))) {
                out.add(FieldError.invalid(path + ".volumes[" + i + "].driver", GoValues.quote(driver.textOr("")),
                        "Flexvolume driver is not allowed to be used", driver, "allowedFlexVolumes"));
            }
        }
    }

    /** Listed, or a projected volume of only what the service account token projection injects where secrets are allowed. */
    private boolean allowsVolumeType(String type, Node volume) {
        return scc.volumes().contains(type) || scc.volumes().contains("secret") && "projected".equals(type)
                && VolumeTypes.isOnlyServiceAccountTokenSources(volume, "openshift-service-ca.crt", "service-ca.crt");
    }

    private void mutateContainer(EffectivePod pod, EffectiveContainer c) {
        if (!c.runAsUser().isSet() && runAsUser.generate() != null) {
            c.setRunAsUser(runAsUser.generate());
        }
        if (!c.seLinuxOptions().isSet() && seLinux.generate() != null) {
            c.setSeLinuxOptions(seLinux.generate());
        }
        // runAsNonRoot is set when it is certain, so that upstream Pod Security "restricted" is satisfied too.
        if (!c.runAsNonRoot().isSet()) {
            Long uid = c.runAsUser().value();
            if (uid == null && runAsUser instanceof RunAsUserStrategy.MustRunAsNonRoot || uid != null && uid > 0) {
                c.setRunAsNonRoot(true);
            }
        }
        Capabilities caps = capabilities.generate(c.capabilities().value());
        if (caps != null) {
            c.setCapabilities(caps);
        }
        SecurityContextRules.defaultReadOnlyRootFilesystem(scc.readOnlyRootFilesystem(), c);
        // A privileged container, or one adding CAP_SYS_ADMIN, may not be defaulted to no escalation.
        boolean privileged = Boolean.TRUE.equals(c.privileged().value());
        Capabilities now = c.capabilities().value();
        boolean sysAdmin = now != null && now.addOrEmpty().contains("CAP_SYS_ADMIN");
        if (scc.defaultAllowPrivilegeEscalation() != null && !c.allowPrivilegeEscalation().isSet() && !privileged && !sysAdmin) {
            c.setAllowPrivilegeEscalation(scc.defaultAllowPrivilegeEscalation());
        }
        SecurityContextRules.defaultNoPrivilegeEscalation(scc.allowPrivilegeEscalation(), c);
    }

    private void validateContainer(EffectivePod pod, EffectiveContainer c, List<FieldError> out) {
        String path = prefix + "." + c.specPath();
        runAsUser.validate(path, c, out);
        seLinux.validate(path, c.seLinuxOptions(), "seLinuxContext", out);
        seccomp.validateContainer(pod, c, out);
        Value<Boolean> privileged = c.privileged();
        if (!scc.allowPrivilegedContainer() && Boolean.TRUE.equals(privileged.value())) {
            out.add(FieldError.invalid(path + ".privileged", "true", "Privileged containers are not allowed",
                    privileged.node(), "allowPrivilegedContainer"));
        }
        capabilities.validate(path, c.capabilities(), out);
        hostNamespace(pod.hostNetwork(), scc.allowHostNetwork(), path + ".hostNetwork", "Host network", "allowHostNetwork", out);
        if (!scc.allowHostPorts()) {
            // OpenShift checks every container's ports from each container's path.
            for (EffectiveContainer other : pod.containers()) {
                for (Node hostPort : other.hostPorts()) {
                    out.add(FieldError.invalid(path + "." + other.specPath() + ".hostPort", hostPort.asLong().toString(),
                            "Host ports are not allowed to be used", hostPort, "allowHostPorts"));
                }
            }
        }
        hostNamespace(pod.hostPID(), scc.allowHostPID(), path + ".hostPID", "Host PID", "allowHostPID", out);
        hostNamespace(pod.hostIPC(), scc.allowHostIPC(), path + ".hostIPC", "Host IPC", "allowHostIPC", out);
        SecurityContextRules.readOnlyRootFilesystem(scc.readOnlyRootFilesystem(), path, c, out);
        SecurityContextRules.allowPrivilegeEscalation(scc.allowPrivilegeEscalation(), path, c, out);
    }
}
