package io.kubepolicycheck.validator.policyset;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecuritypolicy.AllowedHostPath;
import io.kubepolicycheck.validator.podsecuritypolicy.AppArmorStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.CapabilitiesStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.GroupStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import io.kubepolicycheck.validator.podsecuritypolicy.ImagePolicy;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicy;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicy.HostPortRange;
import io.kubepolicycheck.validator.podsecuritypolicy.RunAsUserStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.RuntimeClassStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxOptions;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SeccompStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SysctlsStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.VolumeTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code PodSecurityPolicy} ({@code policy/v1beta1} or {@code extensions/v1beta1}) strictly: every
 * spec field of the last API, with the API server's validation (rules required, ranges where a rule needs
 * them, known volume types, no capability both dropped and allowed) and defaults.
 */
final class PodSecurityPolicyReader {
    static final Set<String> API_VERSIONS = Set.of("policy/v1beta1", "extensions/v1beta1");
    static final Set<String> SPEC_FIELDS = Set.of("privileged", "defaultAddCapabilities",
            "requiredDropCapabilities", "allowedCapabilities", "volumes", "hostNetwork", "hostPorts", "hostPID",
            "hostIPC", "seLinux", "runAsUser", "runAsGroup", "supplementalGroups", "fsGroup",
            "readOnlyRootFilesystem", "defaultAllowPrivilegeEscalation", "allowPrivilegeEscalation",
            "allowedHostPaths", "allowedFlexVolumes", "allowedCSIDrivers", "allowedUnsafeSysctls",
            "forbiddenSysctls", "allowedProcMountTypes", "runtimeClass");

    private PodSecurityPolicyReader() {
    }

    static PodSecurityPolicy read(String key, KubernetesObject object) throws InvalidPolicySetException {
        Node root = object.root();
        String name = object.name();
        Strict s = new Strict(key, object.document(), "PodSecurityPolicy \"" + (name == null ? "" : name) + "\"", root);
        if (!API_VERSIONS.contains(object.apiVersion())) {
            throw s.error(root.get("apiVersion"), "unsupported apiVersion \"" + object.apiVersion()
                    + "\" (policy/v1beta1 or extensions/v1beta1)");
        }
        if (name == null || name.isEmpty()) {
            throw s.error(root, "metadata.name is required");
        }
        s.known(root, "apiVersion", "kind", "metadata", "spec");
        Node spec = root.get("spec");
        if (!spec.isMapping()) {
            throw s.error(spec.isMissing() ? root : spec, "spec is required");
        }
        s.known(spec, SPEC_FIELDS);
        Map<String, String> annotations = s.stringMap(root.get("metadata").get("annotations"));
        return read(s, name, spec, annotations, null);
    }

    /** The spec proper; shared with Kube Cover, whose items are read into this shape. */
    static PodSecurityPolicy read(Strict s, String name, Node spec, Map<String, String> annotations,
                                  ImagePolicy images)
            throws InvalidPolicySetException {
        boolean allowEscalation = !Boolean.FALSE.equals(s.optionalBool(spec.get("allowPrivilegeEscalation")));
        Boolean defaultEscalation = s.optionalBool(spec.get("defaultAllowPrivilegeEscalation"));
        if (Boolean.TRUE.equals(defaultEscalation) && !allowEscalation) {
            throw s.error(spec.get("defaultAllowPrivilegeEscalation"), "Cannot set DefaultAllowPrivilegeEscalation "
                    + "to true without also setting AllowPrivilegeEscalation to true");
        }
        return new PodSecurityPolicy(name,
                s.bool(spec.get("privileged")),
                s.bool(spec.get("hostNetwork")),
                s.bool(spec.get("hostPID")),
                s.bool(spec.get("hostIPC")),
                hostPorts(s, spec.get("hostPorts")),
                volumes(s, spec.get("volumes")),
                allowedHostPaths(s, spec.get("allowedHostPaths")),
                named(s, spec.get("allowedFlexVolumes"), "driver"),
                named(s, spec.get("allowedCSIDrivers"), "name"),
                s.bool(spec.get("readOnlyRootFilesystem")),
                runAsUser(s, spec.get("runAsUser")),
                spec.get("runAsGroup").isNil() ? new GroupStrategy.RunAsAny() : group(s, spec.get("runAsGroup")),
                group(s, spec.get("supplementalGroups")),
                group(s, spec.get("fsGroup")),
                seLinux(s, spec.get("seLinux")),
                allowEscalation,
                defaultEscalation,
                capabilities(s, spec),
                procMountTypes(s, spec.get("allowedProcMountTypes")),
                new SysctlsStrategy(SysctlsStrategy.PSP_SAFE, s.strings(spec.get("allowedUnsafeSysctls")),
                        s.strings(spec.get("forbiddenSysctls"))),
                runtimeClass(s, spec.get("runtimeClass")),
                new SeccompStrategy(annotations.get(SeccompStrategy.DEFAULT_ANNOTATION),
                        annotations.get(SeccompStrategy.ALLOWED_ANNOTATION)),
                new AppArmorStrategy(annotations.get(AppArmorStrategy.DEFAULT_ANNOTATION),
                        annotations.get(AppArmorStrategy.ALLOWED_ANNOTATION)),
                images);
    }

    private static List<HostPortRange> hostPorts(Strict s, Node list) throws InvalidPolicySetException {
        List<HostPortRange> out = new ArrayList<>();
        for (Node r : s.list(list)) {
            s.known(r, "min", "max");
            long min = s.requiredLong(r.get("min"));
            long max = s.requiredLong(r.get("max"));
            if (min < 0 || max > 65535 || min > max) {
                throw s.error(r, s.path(r) + ": min and max must be ports (0-65535) with min <= max");
            }
            out.add(new HostPortRange(min, max));
        }
        return out;
    }

    private static List<String> volumes(Strict s, Node list) throws InvalidPolicySetException {
        List<String> out = s.strings(list);
        for (int i = 0; i < out.size(); i++) {
            if (!VolumeTypes.PSP_NAMES.contains(out.get(i))) {
                throw s.error(list.get(i), s.path(list.get(i)) + ": unsupported volume type \"" + out.get(i) + "\"");
            }
        }
        return out;
    }

    private static List<AllowedHostPath> allowedHostPaths(Strict s, Node list) throws InvalidPolicySetException {
        List<AllowedHostPath> out = new ArrayList<>();
        for (Node p : s.list(list)) {
            s.known(p, "pathPrefix", "readOnly");
            out.add(new AllowedHostPath(s.requiredText(p.get("pathPrefix")), s.bool(p.get("readOnly"))));
        }
        return out;
    }

    private static List<String> named(Strict s, Node list, String field) throws InvalidPolicySetException {
        List<String> out = new ArrayList<>();
        for (Node item : s.list(list)) {
            s.known(item, field);
            out.add(s.requiredText(item.get(field)));
        }
        return out;
    }

    private static RunAsUserStrategy runAsUser(Strict s, Node node) throws InvalidPolicySetException {
        s.known(node, "rule", "ranges");
        String rule = s.oneOf(node.get("rule"), true, "MustRunAs", "MustRunAsNonRoot", "RunAsAny");
        List<IdRange> ranges = s.ranges(node.get("ranges"));
        return switch (rule) {
            case "MustRunAs" -> new RunAsUserStrategy.MustRunAs(requireRanges(s, node, ranges));
            case "MustRunAsNonRoot" -> new RunAsUserStrategy.MustRunAsNonRoot();
            default -> new RunAsUserStrategy.RunAsAny();
        };
    }

    private static GroupStrategy group(Strict s, Node node) throws InvalidPolicySetException {
        s.known(node, "rule", "ranges");
        String rule = s.oneOf(node.get("rule"), true, "MustRunAs", "MayRunAs", "RunAsAny");
        List<IdRange> ranges = s.ranges(node.get("ranges"));
        return switch (rule) {
            case "MustRunAs" -> new GroupStrategy.MustRunAs(requireRanges(s, node, ranges));
            case "MayRunAs" -> new GroupStrategy.MayRunAs(requireRanges(s, node, ranges));
            default -> new GroupStrategy.RunAsAny();
        };
    }

    private static List<IdRange> requireRanges(Strict s, Node node, List<IdRange> ranges) throws InvalidPolicySetException {
        if (ranges.isEmpty()) {
            throw s.error(node, s.path(node.get("ranges")) + ": at least one range is required for rule "
                    + node.get("rule").asText());
        }
        return ranges;
    }

    static SeLinuxStrategy seLinux(Strict s, Node node) throws InvalidPolicySetException {
        s.known(node, "rule", "seLinuxOptions");
        String rule = s.oneOf(node.get("rule"), true, "MustRunAs", "RunAsAny");
        if ("RunAsAny".equals(rule)) {
            return new SeLinuxStrategy.RunAsAny();
        }
        Node options = node.get("seLinuxOptions");
        if (!options.isMapping()) {
            throw s.error(node, s.path(options) + " is required for rule MustRunAs");
        }
        return new SeLinuxStrategy.MustRunAs(seLinuxOptions(s, options));
    }

    static SeLinuxOptions seLinuxOptions(Strict s, Node options) throws InvalidPolicySetException {
        s.known(options, "user", "role", "type", "level");
        return new SeLinuxOptions(s.text(options.get("user")), s.text(options.get("role")), s.text(options.get("type")),
                s.text(options.get("level")));
    }

    private static CapabilitiesStrategy capabilities(Strict s, Node spec) throws InvalidPolicySetException {
        List<String> defaultAdd = s.strings(spec.get("defaultAddCapabilities"));
        List<String> requiredDrop = s.strings(spec.get("requiredDropCapabilities"));
        List<String> allowed = s.strings(spec.get("allowedCapabilities"));
        for (String cap : requiredDrop) {
            if (defaultAdd.contains(cap) || allowed.contains(cap)) {
                throw s.error(spec.get("requiredDropCapabilities"), "capability \"" + cap
                        + "\" is both required to be dropped and allowed or added by default");
            }
        }
        return new CapabilitiesStrategy(defaultAdd, requiredDrop, allowed);
    }

    private static List<String> procMountTypes(Strict s, Node list) throws InvalidPolicySetException {
        List<String> out = s.strings(list);
        for (int i = 0; i < out.size(); i++) {
            if (!List.of("Default", "Unmasked").contains(out.get(i))) {
                throw s.error(list.get(i), s.path(list.get(i)) + ": unsupported value \"" + out.get(i)
                        + "\" (Default or Unmasked)");
            }
        }
        return out;
    }

    private static RuntimeClassStrategy runtimeClass(Strict s, Node node) throws InvalidPolicySetException {
        if (node.isNil()) {
            return null;
        }
        s.known(node, "allowedRuntimeClassNames", "defaultRuntimeClassName");
        List<String> allowed = s.strings(node.get("allowedRuntimeClassNames"));
        String defaultName = s.text(node.get("defaultRuntimeClassName"));
        if (defaultName != null && !allowed.contains("*") && !allowed.contains(defaultName)) {
            throw s.error(node.get("defaultRuntimeClassName"), "defaultRuntimeClassName \"" + defaultName
                    + "\" must be allowed by allowedRuntimeClassNames");
        }
        return new RuntimeClassStrategy(allowed, defaultName);
    }
}
