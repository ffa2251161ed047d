package io.kubepolicycheck.validator.policyset;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecuritypolicy.AllowedHostPath;
import io.kubepolicycheck.validator.podsecuritypolicy.AppArmorStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.CapabilitiesStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.GroupStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.IdRange;
import io.kubepolicycheck.validator.podsecuritypolicy.ImagePolicy;
import io.kubepolicycheck.validator.podsecuritypolicy.KubeCoverPolicy;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicy;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicy.HostPortRange;
import io.kubepolicycheck.validator.podsecuritypolicy.RunAsUserStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SeLinuxStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SeccompStrategy;
import io.kubepolicycheck.validator.podsecuritypolicy.SysctlsStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Kube Cover's policy file: a {@code PodSecurityPolicyList} whose items carry {@code namespaces} and
 * the early spec ({@code volumes: {hostPath: true, hostPathAllowed: [...], ...}}, {@code hostPorts: [{start,
 * end}]}, {@code capabilities}, {@code images}, {@code runAsUser}/{@code seLinuxContext} strategies). Field
 * names match case-insensitively, as Kube Cover's JSON decoder matched them; an unknown one is refused.
 */
final class KubeCoverReader {
    /** Kube Cover's volume switches -> PodSecurityPolicy volume types. */
    private static final Map<String, String> VOLUMES = new LinkedHashMap<>();

    static {
        for (String type : List.of("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo",
                "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "cinder", "downwardAPI", "fc")) {
            VOLUMES.put(type, type);
        }
        VOLUMES.put("cephfs", "cephFS");
    }

    private KubeCoverReader() {
    }

    /** A {@code PodSecurityPolicyList} that is not a list of PodSecurityPolicy objects but Kube Cover's file. */
    static boolean isKubeCover(Node root) {
        if (!"PodSecurityPolicyList".equals(root.get("kind").asText())) {
            return false;
        }
        if (!PodSecurityPolicyReader.API_VERSIONS.contains(root.get("apiVersion").textOr(""))) {
            return true;
        }
        return root.get("items").elements().stream().anyMatch(i -> !field(i, "namespaces").isMissing());
    }

    static KubeCoverPolicy read(String key, int document, Node root) throws InvalidPolicySetException {
        Strict list = new Strict(key, document, "Kube Cover policy list", root);
        knownIgnoringCase(list, root, "kind", "apiVersion", "metadata", "items");
        List<Node> items = list.list(field(root, "items"));
        if (items.isEmpty()) {
            throw list.error(root, "the policy list has no items");
        }
        List<KubeCoverPolicy.Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(item(key, document, items.get(i), i));
        }
        return new KubeCoverPolicy(out);
    }

    private static KubeCoverPolicy.Item item(String key, int document, Node item, int index) throws InvalidPolicySetException {
        String name = field(field(item, "metadata"), "name").textOr("kube-cover-" + index);
        Strict s = new Strict(key, document, "Kube Cover policy spec " + index, item);
        knownIgnoringCase(s, item, "kind", "version", "apiVersion", "metadata", "namespaces", "spec");
        List<String> namespaces = s.strings(field(item, "namespaces"));
        if (namespaces.isEmpty()) {
            throw s.error(item, "the policy does not have any namespaces");
        }
        Node spec = field(item, "spec");
        if (!spec.isMapping()) {
            throw s.error(spec.isMissing() ? item : spec, "the policy does not have a spec");
        }
        knownIgnoringCase(s, spec, "privileged", "capabilities", "volumes", "images", "hostNetwork", "hostPorts",
                "hostPID", "hostIPC", "seLinuxContext", "runAsUser");
        Node volumes = field(spec, "volumes");
        PodSecurityPolicy policy = new PodSecurityPolicy(name,
                s.bool(field(spec, "privileged")),
                s.bool(field(spec, "hostNetwork")),
                s.bool(field(spec, "hostPID")),
                s.bool(field(spec, "hostIPC")),
                hostPorts(s, field(spec, "hostPorts")),
                volumeTypes(s, volumes),
                hostPathAllowed(s, volumes),
                List.of(),
                List.of(),
                false,
                runAsUser(s, field(spec, "runAsUser")),
                new GroupStrategy.RunAsAny(),
                new GroupStrategy.RunAsAny(),
                new GroupStrategy.RunAsAny(),
                seLinux(s, field(spec, "seLinuxContext")),
                true,
                null,
                new CapabilitiesStrategy(List.of(), List.of(), s.strings(field(spec, "capabilities"))),
                List.of(),
                new SysctlsStrategy(SysctlsStrategy.PSP_SAFE, List.of(), List.of()),
                null,
                // Kube Cover had no seccomp or AppArmor rules: any profile is allowed.
                new SeccompStrategy(null, "*"),
                new AppArmorStrategy(null, null),
                images(s, field(spec, "images")));
        return new KubeCoverPolicy.Item(namespaces, policy);
    }

    /** Without {@code volumes} Kube Cover restricted no volume; with it, only the types switched on. */
    private static List<String> volumeTypes(Strict s, Node volumes) throws InvalidPolicySetException {
        if (volumes.isNil()) {
            return List.of("*");
        }
        List<String> fields = new ArrayList<>(VOLUMES.keySet());
        fields.add("hostPathAllowed");
        knownIgnoringCase(s, volumes, fields.toArray(String[]::new));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : VOLUMES.entrySet()) {
            if (s.bool(field(volumes, e.getKey()))) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static List<AllowedHostPath> hostPathAllowed(Strict s, Node volumes) throws InvalidPolicySetException {
        List<AllowedHostPath> out = new ArrayList<>();
        for (String prefix : s.strings(field(volumes, "hostPathAllowed"))) {
            out.add(new AllowedHostPath(prefix, false));
        }
        return out;
    }

    private static List<HostPortRange> hostPorts(Strict s, Node list) throws InvalidPolicySetException {
        List<HostPortRange> out = new ArrayList<>();
        for (Node r : s.list(list)) {
            knownIgnoringCase(s, r, "start", "end");
            long start = s.requiredLong(field(r, "start"));
            long end = s.requiredLong(field(r, "end"));
            if (start > end) {
                throw s.error(r, "the start port cannot be greater than end");
            }
            if (start <= 0 || start >= 65535 || end <= 0 || end >= 65535) {
                throw s.error(r, "the port range must be within 1-65534");
            }
            out.add(new HostPortRange(start, end));
        }
        return out;
    }

    private static RunAsUserStrategy runAsUser(Strict s, Node node) throws InvalidPolicySetException {
        knownIgnoringCase(s, node, "type", "uid", "uidRangeMin", "uidRangeMax");
        String type = s.oneOf(field(node, "type"), false, "MustRunAs", "MustRunAsRange", "MustRunAsNonRoot", "RunAsAny");
        if (type == null) {
            return new RunAsUserStrategy.RunAsAny();
        }
        return switch (type) {
            case "MustRunAs" -> {
                long uid = s.requiredLong(field(node, "uid"));
                yield new RunAsUserStrategy.MustRunAs(List.of(new IdRange(uid, uid)));
            }
            case "MustRunAsRange" -> new RunAsUserStrategy.MustRunAs(List.of(new IdRange(
                    s.requiredLong(field(node, "uidRangeMin")), s.requiredLong(field(node, "uidRangeMax")))));
            case "MustRunAsNonRoot" -> new RunAsUserStrategy.MustRunAsNonRoot();
            default -> new RunAsUserStrategy.RunAsAny();
        };
    }

    private static SeLinuxStrategy seLinux(Strict s, Node node) throws InvalidPolicySetException {
        knownIgnoringCase(s, node, "type", "seLinuxOptions");
        String type = s.oneOf(field(node, "type"), false, "MustRunAs", "RunAsAny");
        if (!"MustRunAs".equals(type)) {
            return new SeLinuxStrategy.RunAsAny();
        }
        Node options = field(node, "seLinuxOptions");
        if (!options.isMapping()) {
            throw s.error(node, "seLinuxContext.seLinuxOptions is required for type MustRunAs");
        }
        return new SeLinuxStrategy.MustRunAs(PodSecurityPolicyReader.seLinuxOptions(s, options));
    }

    private static ImagePolicy images(Strict s, Node node) throws InvalidPolicySetException {
        if (node.isNil()) {
            return null;
        }
        knownIgnoringCase(s, node, "permitted", "denied");
        return new ImagePolicy(patterns(s, field(node, "permitted")), patterns(s, field(node, "denied")));
    }

    private static List<String> patterns(Strict s, Node list) throws InvalidPolicySetException {
        List<String> out = new ArrayList<>();
        for (Node n : s.list(list)) {
            String regex = s.requiredText(n);
            String reason = goCompileError(regex);
            if (reason != null) {
                throw s.error(n, "regex: " + regex + " is invalid: " + reason);
            }
            out.add(regex);
        }
        return out;
    }

    /** Why Go's {@code regexp.Compile} refuses it, in its words ("error parsing regexp: …"), or null. */
    private static String goCompileError(String regex) {
        String limit = GoRegexpLimits.violation(regex);
        if (limit != null) {
            return limit;
        }
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getMessage();
        } catch (StackOverflowError e) {
            // RE2/J walks its tree recursively; a tree this deep is over Go's height limit as well (see
            // GoRegexpLimits), and nothing outside the compile is left half done.
            return GoRegexpLimits.error(GoRegexpLimits.NESTS_TOO_DEEPLY, regex);
        }
    }

    /** A field by name, ignoring case. */
    static Node field(Node map, String name) {
        for (Map.Entry<String, Node> e : map.fields().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return map.get(name);
    }

    private static void knownIgnoringCase(Strict s, Node map, String... fields) throws InvalidPolicySetException {
        List<String> lower = new ArrayList<>();
        for (String f : fields) {
            lower.add(f.toLowerCase(Locale.ROOT));
        }
        if (map.isNil()) {
            return;
        }
        if (!map.isMapping()) {
            throw s.error(map, s.path(map) + " must be an object");
        }
        for (Map.Entry<String, Node> e : map.fields().entrySet()) {
            if (!lower.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                throw s.error(e.getValue(), "unknown field \"" + s.path(e.getValue()) + "\"");
            }
        }
    }
}
