package io.kubepolicycheck.validator.podsecuritypolicy;

import io.kubepolicycheck.validator.manifest.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * What one PodSecurityPolicy does to a pod, as upstream's {@code simpleProvider}: {@link #mutate} applies the
 * policy's defaults to unset fields ({@code MutatePod}), {@link #validate} lists every field error
 * ({@code ValidatePod}), pod-level first, then each container in init, regular, ephemeral order.
 */
public final class PodSecurityPolicyProvider {
    private final PodSecurityPolicy psp;

    public PodSecurityPolicyProvider(PodSecurityPolicy psp) {
        this.psp = psp;
    }

    public PodSecurityPolicy policy() {
        return psp;
    }

    public void mutate(EffectivePod pod) {
        if (pod.supplementalGroups().value() == null) {
            List<Long> groups = psp.supplementalGroups().generate();
            if (groups != null) {
                pod.setSupplementalGroups(groups);
            }
        }
        if (pod.fsGroup().value() == null) {
            Long group = psp.fsGroup().generateSingle();
            if (group != null) {
                pod.setFsGroup(group);
            }
        }
        if (pod.seLinuxOptions().value() == null) {
            SeLinuxOptions options = psp.seLinux().generate();
            if (options != null) {
                pod.setSeLinuxOptions(options);
            }
        }
        psp.seccomp().mutate(pod);
        if (psp.runtimeClass() != null) {
            psp.runtimeClass().mutate(pod);
        }
        for (EffectiveContainer c : pod.containers()) {
            mutateContainer(pod, c);
        }
    }

    private void mutateContainer(EffectivePod pod, EffectiveContainer c) {
        if (!c.runAsUser().isSet()) {
            Long uid = psp.runAsUser().generate();
            if (uid != null) {
                c.setRunAsUser(uid);
            }
        }
        if (!c.runAsGroup().isSet()) {
            Long gid = psp.runAsGroup().generateSingle();
            if (gid != null) {
                c.setRunAsGroup(gid);
            }
        }
        if (!c.seLinuxOptions().isSet()) {
            SeLinuxOptions options = psp.seLinux().generate();
            if (options != null) {
                c.setSeLinuxOptions(options);
            }
        }
        psp.appArmor().mutate(c);
        // The non-root marker tells the kubelet to check the image's user when no uid is given.
        if (!c.runAsNonRoot().isSet() && !c.runAsUser().isSet() && psp.runAsUser() instanceof RunAsUserStrategy.MustRunAsNonRoot) {
            c.setRunAsNonRoot(true);
        }
        Capabilities caps = psp.capabilities().generate(c.capabilities().value());
        if (caps != null) {
            c.setCapabilities(caps);
        }
        SecurityContextRules.defaultReadOnlyRootFilesystem(psp.readOnlyRootFilesystem(), c);
        if (psp.defaultAllowPrivilegeEscalation() != null && !c.allowPrivilegeEscalation().isSet()) {
            c.setAllowPrivilegeEscalation(psp.defaultAllowPrivilegeEscalation());
        }
        SecurityContextRules.defaultNoPrivilegeEscalation(psp.allowPrivilegeEscalation(), c);
    }

    public List<FieldError> validate(EffectivePod pod) {
        List<FieldError> out = new ArrayList<>();
        Value<Long> fsGroup = pod.fsGroup();
        psp.fsGroup().validate("spec.securityContext.fsGroup", fsGroup.node(),
                fsGroup.isSet() ? List.of(fsGroup.value()) : null, "fsGroup", out);
        Value<List<Long>> supplemental = pod.supplementalGroups();
        psp.supplementalGroups().validate("spec.securityContext.supplementalGroups", supplemental.node(),
                supplemental.value(), "supplementalGroups", out);
        psp.seccomp().validatePod(pod, out);
        psp.seLinux().validate("spec.securityContext", pod.seLinuxOptions(), "seLinux", out);
        SecurityContextRules.hostNamespace(pod.hostNetwork(), psp.hostNetwork(), "spec.securityContext.hostNetwork",
                "Host network", "hostNetwork", out);
        SecurityContextRules.hostNamespace(pod.hostPID(), psp.hostPID(), "spec.securityContext.hostPID", "Host PID",
                "hostPID", out);
        SecurityContextRules.hostNamespace(pod.hostIPC(), psp.hostIPC(), "spec.securityContext.hostIPC", "Host IPC",
                "hostIPC", out);
        psp.sysctls().validate(pod, out);
        validateVolumes(pod, out);
        if (psp.runtimeClass() != null) {
            psp.runtimeClass().validate(pod, out);
        }
        for (EffectiveContainer c : pod.containers()) {
            validateContainer(pod, c, out);
        }
        return out;
    }

    private void validateVolumes(EffectivePod pod, List<FieldError> out) {
        boolean all = psp.volumes().contains("*");
        for (PodVolume podVolume : pod.volumes()) {
            Node volume = podVolume.node();
            String type = podVolume.pspType();
            if (!all && !allowsVolumeType(type, volume)) {
                out.add(FieldError.invalid(podVolume.path(), GoValues.quote(type), type
                        + " volumes are not allowed to be used", podVolume.anchor(), "volumes"));
                continue;
            }
            Node source = podVolume.source();
            switch (type) {
                case "hostPath" -> hostPath(pod, volume, source, podVolume.path(), out);
                case "flexVolume" -> listed(psp.allowedFlexVolumes(), source.get("driver"), podVolume.path() + ".driver",
                        "Flexvolume driver is not allowed to be used", "allowedFlexVolumes", out);
                case "csi" -> listed(psp.allowedCSIDrivers(), source.get("driver"), podVolume.path() + ".csi.driver",
                        "Inline CSI driver is not allowed to be used", "allowedCSIDrivers", out);
                default -> {
                    // no further rule for this type
                }
            }
        }
    }

    /** Listed, or a projected volume of only service account token sources where {@code secret} is listed. */
    private boolean allowsVolumeType(String type, Node volume) {
        return psp.volumes().contains(type) || psp.volumes().contains("secret") && "projected".equals(type)
                && VolumeTypes.isOnlyServiceAccountTokenSources(volume, null, null);
    }

    private void hostPath(EffectivePod pod, Node volume, Node source, String path, List<FieldError> out) {
        Node hostPath = source.get("path");
        AllowedHostPath.Decision decision = AllowedHostPath.decide(psp.allowedHostPaths(), hostPath.asText());
        if (!decision.allowed()) {
            out.add(FieldError.invalid(path + ".hostPath.pathPrefix", GoValues.quote(hostPath.textOr("")),
                    "is not allowed to be used", hostPath, "allowedHostPaths"));
            return;
        }
        if (!decision.mustBeReadOnly()) {
            return;
        }
        String name = volume.get("name").textOr("");
        for (EffectiveContainer c : pod.containers()) {
            List<Node> mounts = c.volumeMounts();
            for (int j = 0; j < mounts.size(); j++) {
                Node mount = mounts.get(j);
                if (name.equals(mount.get("name").asText()) && !mount.get("readOnly").isTrue()) {
                    out.add(FieldError.invalid(c.path() + ".volumeMounts[" + j + "].readOnly", "false",
                            "must be read-only", mount.get("readOnly"), "allowedHostPaths"));
                }
            }
        }
    }

    private static void listed(List<String> allowed, Node driver, String path, String detail, String check,
                               List<FieldError> out) {
        if (!allowed.isEmpty() && !allowed.contains(driver.textOr(""))) {
            out.add(FieldError.invalid(path, GoValues.quote(driver.textOr("")), detail, driver, check));
        }
    }

    private void validateContainer(EffectivePod pod, EffectiveContainer c, List<FieldError> out) {
        String scPath = c.securityContextPath();
        psp.runAsUser().validate(scPath, c, out);
        Value<Long> gid = c.runAsGroup();
        psp.runAsGroup().validate(scPath, gid.node(), gid.isSet() ? List.of(gid.value()) : null, "runAsGroup", out);
        psp.seLinux().validate(scPath, c.seLinuxOptions(), "seLinux", out);
        psp.appArmor().validate(c, out);
        psp.seccomp().validateContainer(pod, c, out);
        Value<Boolean> privileged = c.privileged();
        if (!psp.privileged() && Boolean.TRUE.equals(privileged.value())) {
            out.add(FieldError.invalid(scPath + ".privileged", "true", "Privileged containers are not allowed",
                    privileged.node(), "privileged"));
        }
        Value<String> procMount = c.procMount();
        List<String> procMounts = psp.allowedProcMountTypes().isEmpty() ? List.of("Default") : psp.allowedProcMountTypes();
        if (!procMounts.contains(procMount.value())) {
            out.add(FieldError.invalid(scPath + ".procMount", GoValues.quote(procMount.value()),
                    "ProcMountType is not allowed", procMount.node(), "allowedProcMountTypes"));
        }
        psp.capabilities().validate(scPath, c.capabilities(), out);
        hostPorts(c, out);
        SecurityContextRules.readOnlyRootFilesystem(psp.readOnlyRootFilesystem(), scPath, c, out);
        SecurityContextRules.allowPrivilegeEscalation(psp.allowPrivilegeEscalation(), scPath, c, out);
        if (psp.images() != null) {
            psp.images().validate(c, out);
        }
    }

    private void hostPorts(EffectiveContainer c, List<FieldError> out) {
        for (Node hostPort : c.hostPorts()) {
            long value = hostPort.asLong();
            if (psp.hostPorts().stream().noneMatch(r -> r.contains(value))) {
                String allowed = String.join(",", psp.hostPorts().stream().map(Object::toString).toList());
                out.add(FieldError.invalid(c.path() + ".hostPort", Long.toString(value), "Host port " + value
                        + " is not allowed to be used. Allowed ports: [" + allowed + "]", hostPort, "hostPorts"));
            }
        }
    }
}
