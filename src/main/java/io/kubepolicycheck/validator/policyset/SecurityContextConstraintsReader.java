package io.kubepolicycheck.validator.policyset;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxOptions;
import io.kubepolicycheck.validator.securitycontextconstraints.NamespaceAllocation;
import io.kubepolicycheck.validator.securitycontextconstraints.SecurityContextConstraints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code SecurityContextConstraints} ({@code security.openshift.io/v1}) strictly, with OpenShift's
 * defaults and validation; and {@code Namespace} objects, whose {@code openshift.io/sa.scc.*} annotations give
 * the ranges and SELinux level that SCCs leave to the namespace.
 */
final class SecurityContextConstraintsReader {
    static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "priority",
            "allowPrivilegedContainer", "defaultAddCapabilities", "requiredDropCapabilities", "allowedCapabilities",
            "allowHostDirVolumePlugin", "volumes", "allowedFlexVolumes", "allowHostNetwork", "allowHostPorts",
            "allowHostPID", "allowHostIPC", "userNamespaceLevel", "defaultAllowPrivilegeEscalation",
            "allowPrivilegeEscalation", "seLinuxContext", "runAsUser", "supplementalGroups", "fsGroup",
            "readOnlyRootFilesystem", "users", "groups", "seccompProfiles", "allowedUnsafeSysctls", "forbiddenSysctls");
    /** Every SCC volume type but {@code hostPath}, {@code *} and {@code none}. */
    private static final List<String> ALL_BUT_HOST_PATH = List.of("azureFile", "azureDisk", "flocker", "flexVolume",
            "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
            "persistentVolumeClaim", "rbd", "cinder", "cephFS", "downwardAPI", "fc", "configMap", "vsphere", "quobyte",
            "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageOS", "csi", "ephemeral", "image");

    private SecurityContextConstraintsReader() {
    }

    static SecurityContextConstraints read(String key, KubernetesObject object) throws InvalidPolicySetException {
        Node root = object.root();
        String name = object.name();
        Strict s = new Strict(key, object.document(), "SecurityContextConstraints \"" + (name == null ? "" : name) + "\"", root);
        if (!"security.openshift.io/v1".equals(object.apiVersion())) {
            throw s.error(root.get("apiVersion"), "unsupported apiVersion \"" + object.apiVersion() + "\" (security.openshift.io/v1)");
        }
        if (name == null || name.isEmpty()) {
            throw s.error(root, "metadata.name is required");
        }
        s.known(root, FIELDS);
        Node seLinux = root.get("seLinuxContext");
        s.known(seLinux, "type", "seLinuxOptions");
        String seLinuxType = s.oneOf(seLinux.get("type"), true, "MustRunAs", "RunAsAny");
        SeLinuxOptions seLinuxOptions = seLinux.get("seLinuxOptions").isNil() ? null
                : PodSecurityPolicyReader.seLinuxOptions(s, seLinux.get("seLinuxOptions"));
        Node runAsUser = root.get("runAsUser");
        s.known(runAsUser, "type", "uid", "uidRangeMin", "uidRangeMax");
        String userType = s.oneOf(runAsUser.get("type"), true, "MustRunAs", "MustRunAsRange", "MustRunAsNonRoot", "RunAsAny");
        Long uid = s.optionalLong(runAsUser.get("uid"));
        Long min = s.optionalLong(runAsUser.get("uidRangeMin"));
        Long max = s.optionalLong(runAsUser.get("uidRangeMax"));
        if ("MustRunAs".equals(userType) && uid == null) {
            throw s.error(runAsUser, "runAsUser.uid is required for type MustRunAs");
        }
        if ("MustRunAsRange".equals(userType) && (min == null) != (max == null)) {
            throw s.error(runAsUser, "runAsUser needs both uidRangeMin and uidRangeMax, or neither (the namespace's range)");
        }
        if (min != null && max != null && min > max) {
            throw s.error(runAsUser, "runAsUser.uidRangeMin must not be greater than uidRangeMax");
        }
        Boolean allowEscalation = s.optionalBool(root.get("allowPrivilegeEscalation"));
        Boolean defaultEscalation = s.optionalBool(root.get("defaultAllowPrivilegeEscalation"));
        if (Boolean.TRUE.equals(defaultEscalation) && Boolean.FALSE.equals(allowEscalation)) {
            throw s.error(root.get("defaultAllowPrivilegeEscalation"), "Cannot set DefaultAllowPrivilegeEscalation to "
                    + "true without also setting AllowPrivilegeEscalation to true");
        }
        String namespaceLevel = s.oneOf(root.get("userNamespaceLevel"), false, "AllowHostLevel", "RequirePodLevel");
        Node supplemental = root.get("supplementalGroups");
        Node fsGroup = root.get("fsGroup");
        List<String> flexVolumes = new ArrayList<>();
        for (Node item : s.list(root.get("allowedFlexVolumes"))) {
            s.known(item, "driver");
            flexVolumes.add(s.requiredText(item.get("driver")));
        }
        return new SecurityContextConstraints(name,
                s.optionalInt32(root.get("priority")),
                s.bool(root.get("allowPrivilegedContainer")),
                s.strings(root.get("defaultAddCapabilities")),
                s.strings(root.get("requiredDropCapabilities")),
                s.strings(root.get("allowedCapabilities")),
                volumes(s, root),
                flexVolumes,
                s.bool(root.get("allowHostNetwork")),
                s.bool(root.get("allowHostPorts")),
                s.bool(root.get("allowHostPID")),
                s.bool(root.get("allowHostIPC")),
                "RequirePodLevel".equals(namespaceLevel),
                defaultEscalation,
                !Boolean.FALSE.equals(allowEscalation),
                seLinuxType,
                seLinuxOptions,
                userType,
                uid,
                min,
                max,
                groupType(s, supplemental),
                groupRanges(s, supplemental),
                groupType(s, fsGroup),
                groupRanges(s, fsGroup),
                s.bool(root.get("readOnlyRootFilesystem")),
                s.strings(root.get("users")),
                s.strings(root.get("groups")),
                s.strings(root.get("seccompProfiles")),
                s.strings(root.get("allowedUnsafeSysctls")),
                s.strings(root.get("forbiddenSysctls")));
    }

    private static String groupType(Strict s, Node node) throws InvalidPolicySetException {
        s.known(node, "type", "ranges");
        String type = s.oneOf(node.get("type"), false, "MustRunAs", "RunAsAny");
        return type == null ? "RunAsAny" : type;
    }

    private static List<IdRange> groupRanges(Strict s, Node node) throws InvalidPolicySetException {
        List<IdRange> out = new ArrayList<>();
        for (Node r : s.list(node.get("ranges"))) {
            s.known(r, "min", "max");
            long min = s.optionalLong(r.get("min")) == null ? 0 : s.optionalLong(r.get("min"));
            long max = s.optionalLong(r.get("max")) == null ? 0 : s.optionalLong(r.get("max"));
            if (min > max) {
                throw s.error(r, s.path(r) + ": min must not be greater than max");
            }
            out.add(new IdRange(min, max));
        }
        return out;
    }

    /**
     * {@code volumes} reconciled with {@code allowHostDirVolumePlugin} as OpenShift's defaulting does: absent
     * means every type; the boolean decides {@code hostPath} either way.
     */
    private static List<String> volumes(Strict s, Node root) throws InvalidPolicySetException {
        boolean hostDir = s.bool(root.get("allowHostDirVolumePlugin"));
        Node node = root.get("volumes");
        TreeSet<String> volumes = new TreeSet<>();
        if (node.isNil()) {
            volumes.add("*");
        } else {
            List<String> listed = s.strings(node);
            for (int i = 0; i < listed.size(); i++) {
                String v = listed.get(i);
                if (!ALL_BUT_HOST_PATH.contains(v) && !List.of("hostPath", "*", "none").contains(v)) {
                    throw s.error(node.get(i), s.path(node.get(i)) + ": unsupported volume type \"" + v + "\"");
                }
            }
            volumes.addAll(listed);
            if (listed.isEmpty()) {
                volumes.add(hostDir ? "hostPath" : "none");
            }
        }
        if (hostDir) {
            if (!volumes.contains("*")) {
                volumes.add("hostPath");
            }
        } else {
            boolean all = volumes.remove("*");
            volumes.remove("hostPath");
            if (all) {
                volumes.addAll(ALL_BUT_HOST_PATH);
            }
        }
        return List.copyOf(volumes);
    }

    static Map.Entry<String, NamespaceAllocation> namespace(String key, KubernetesObject object) throws InvalidPolicySetException {
        Node root = object.root();
        Strict s = new Strict(key, object.document(), "Namespace \"" + (object.name() == null ? "" : object.name()) + "\"", root);
        if (!"v1".equals(object.apiVersion())) {
            throw s.error(root.get("apiVersion"), "unsupported apiVersion \"" + object.apiVersion() + "\" (v1)");
        }
        if (object.name() == null || object.name().isEmpty()) {
            throw s.error(root, "metadata.name is required");
        }
        s.known(root, "apiVersion", "kind", "metadata", "spec", "status");
        Node annotations = root.get("metadata").get("annotations");
        try {
            return Map.entry(object.name(), NamespaceAllocation.of(s.stringMap(annotations)));
        } catch (IllegalArgumentException e) {
            throw s.error(annotations, e.getMessage());
        }
    }
}
