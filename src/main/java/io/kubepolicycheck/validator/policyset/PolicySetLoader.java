package io.kubepolicycheck.validator.policyset;

import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.manifest.Node;
import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.LevelVersion;
import io.kubepolicycheck.validator.podsecurity.PodSecurityAdmission;
import io.kubepolicycheck.validator.podsecurity.PodSecurityConfiguration;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicy;
import io.kubepolicycheck.validator.podsecuritypolicy.PodSecurityPolicyAdmission;
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.rbac.Authorization;
import io.kubepolicycheck.validator.rbac.Rbac;
import io.kubepolicycheck.validator.rbac.Role;
import io.kubepolicycheck.validator.rbac.RoleBinding;
import io.kubepolicycheck.validator.securitycontextconstraints.NamespaceAllocation;
import io.kubepolicycheck.validator.securitycontextconstraints.SecurityContextConstraints;
import io.kubepolicycheck.validator.securitycontextconstraints.SecurityContextConstraintsAdmission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a stored policy set (YAML or JSON documents of Kubernetes' own policy kinds, or {@code List}s of
 * them) into a {@link PolicySet}: the Pod Security configurations, one PodSecurityPolicy admission over all
 * the set's PodSecurityPolicies, one SCC admission over all its SecurityContextConstraints (with the
 * Namespaces that give their pre-allocated ranges), the RBAC that says who may use them, and Kube Cover's
 * policy file. Strict: an unknown kind or field is
 * refused with its document and line, since a typo must never weaken a policy silently.
 */
public final class PolicySetLoader {
    private static final ManifestParser PARSER = new ManifestParser(Limits.DEFAULT.withMaxBytes(8 << 20));
    private static final Set<String> PSC_API_VERSIONS = Set.of("pod-security.admission.config.k8s.io/v1",
            "pod-security.admission.config.k8s.io/v1beta1");

    /** The spec fields a PodSecurityPolicy may have: the rules a finding's check names, and their defaults. */
    public static Set<String> podSecurityPolicySpecFields() {
        return PodSecurityPolicyReader.SPEC_FIELDS;
    }

    /** The fields an SCC may have: the rules a finding's check names, and who may use it, its priority, defaults. */
    public static Set<String> securityContextConstraintsFields() {
        return SecurityContextConstraintsReader.FIELDS;
    }

    public PolicySet load(String id, String version, String key, byte[] content) throws InvalidPolicySetException {
        Contents contents = new Contents();
        try {
            List<Node> documents = PARSER.documents(PARSER.decode(content));
            for (int d = 0; d < documents.size(); d++) {
                Node root = documents.get(d);
                if (root == null || root.isNil()) {
                    continue;
                }
                if (KubeCoverReader.isKubeCover(root)) {
                    contents.kubeCover.add(KubeCoverReader.read(key, d, root));
                    continue;
                }
                for (KubernetesObject object : ManifestParser.objects(d, root, key)) {
                    contents.add(key, object);
                }
            }
        } catch (ManifestException e) {
            throw new InvalidPolicySetException(key, e.document(), e.line(), e.getMessage());
        }
        List<Policy> policies = contents.policies();
        if (policies.isEmpty()) {
            throw new InvalidPolicySetException(key, -1, -1, "the policy set holds no policy");
        }
        return new PolicySet(id, version, policies);
    }

    /** What the documents of a set hold, gathered before the policies are built from it. */
    private static final class Contents {
        final List<Policy> podSecurity = new ArrayList<>();
        final List<PodSecurityPolicy> psps = new ArrayList<>();
        final List<Policy> kubeCover = new ArrayList<>();
        final Map<String, KubernetesObject> pspNames = new HashMap<>();
        final List<SecurityContextConstraints> sccs = new ArrayList<>();
        final Map<String, KubernetesObject> sccNames = new HashMap<>();
        final Map<String, NamespaceAllocation> namespaces = new HashMap<>();
        final Map<String, KubernetesObject> namespaceNames = new HashMap<>();
        final List<Role> roles = new ArrayList<>();
        final List<RoleBinding> bindings = new ArrayList<>();

        void add(String key, KubernetesObject object) throws InvalidPolicySetException {
            switch (object.kind()) {
                case "PodSecurityConfiguration" -> podSecurity.add(podSecurityConfiguration(key, object));
                case "AdmissionConfiguration" -> podSecurity.add(admissionConfiguration(key, object));
                case "PodSecurityPolicy" -> {
                    PodSecurityPolicy psp = PodSecurityPolicyReader.read(key, object);
                    unique(key, object, pspNames);
                    psps.add(psp);
                }
                case "SecurityContextConstraints" -> {
                    SecurityContextConstraints scc = SecurityContextConstraintsReader.read(key, object);
                    unique(key, object, sccNames);
                    sccs.add(scc);
                }
                case "Namespace" -> {
                    Map.Entry<String, NamespaceAllocation> namespace = SecurityContextConstraintsReader.namespace(key, object);
                    unique(key, object, namespaceNames);
                    namespaces.put(namespace.getKey(), namespace.getValue());
                }
                case "ClusterRole", "Role" -> roles.add(RbacReader.role(key, object));
                case "ClusterRoleBinding", "RoleBinding" -> bindings.add(RbacReader.binding(key, object));
                default -> throw invalid(key, object, object.root().get("kind"), "unsupported kind \"" + object.kind()
                        + "\" (a policy set holds PodSecurityPolicy, SecurityContextConstraints, "
                        + "PodSecurityConfiguration or an AdmissionConfiguration holding one, RBAC roles and bindings, Namespace, "
                        + "or Kube Cover's policy list)");
            }
        }

        Authorization authorization() {
            return roles.isEmpty() && bindings.isEmpty() ? Authorization.EVERYONE : new Rbac(roles, bindings);
        }

        List<Policy> policies() {
            List<Policy> out = new ArrayList<>(podSecurity);
            out.addAll(kubeCover);
            if (!psps.isEmpty()) {
                out.add(new PodSecurityPolicyAdmission(psps, authorization()));
            }
            if (!sccs.isEmpty()) {
                Authorization rbac = authorization();
                out.add(new SecurityContextConstraintsAdmission(sccs, rbac == Authorization.EVERYONE ? null : rbac, namespaces));
            }
            return out;
        }
    }

    /** Two objects of one kind may not share a name, as in a cluster. */
    private static void unique(String key, KubernetesObject object, Map<String, KubernetesObject> seen)
            throws InvalidPolicySetException {
        KubernetesObject earlier = seen.putIfAbsent(object.name(), object);
        if (earlier != null) {
            throw invalid(key, object, object.root().get("metadata").get("name"), object.kind() + " \"" + object.name()
                    + "\" is defined twice (also in document " + earlier.document() + ", line "
                    + earlier.position().line() + ")");
        }
    }

    /**
     * The API server's {@code AdmissionConfiguration} file, as the Pod Security documentation writes it: the
     * {@code PodSecurity} plugin's embedded configuration is read as a PodSecurityConfiguration. Other
     * plugins configure no pod policy and are passed over; a configuration kept in a separate file
     * ({@code path}) cannot be followed and is refused.
     */
    private static Policy admissionConfiguration(String key, KubernetesObject object) throws InvalidPolicySetException {
        Node root = object.root();
        if (!Set.of("apiserver.config.k8s.io/v1", "apiserver.k8s.io/v1alpha1").contains(object.apiVersion())) {
            throw invalid(key, object, root.get("apiVersion"), "unsupported apiVersion \"" + object.apiVersion()
                    + "\" for AdmissionConfiguration (apiserver.config.k8s.io/v1)");
        }
        requireFields(key, object, root, Set.of("apiVersion", "kind", "metadata", "plugins"));
        for (Node plugin : root.get("plugins").elements()) {
            requireFields(key, object, plugin, Set.of("name", "path", "configuration"));
            if (!"PodSecurity".equals(plugin.get("name").asText())) {
                continue;
            }
            Node configuration = plugin.get("configuration");
            if (!configuration.isMapping()) {
                throw invalid(key, object, plugin, "the PodSecurity plugin's configuration must be embedded "
                        + "(configuration:), not kept in a separate file (path:)");
            }
            return podSecurityConfiguration(key, new KubernetesObject(object.document(), configuration, object.source()));
        }
        throw invalid(key, object, root, "AdmissionConfiguration has no PodSecurity plugin");
    }

    private static Policy podSecurityConfiguration(String key, KubernetesObject object) throws InvalidPolicySetException {
        Node root = object.root();
        if (!PSC_API_VERSIONS.contains(object.apiVersion())) {
            throw invalid(key, object, root.get("apiVersion"), "unsupported apiVersion \"" + object.apiVersion()
                    + "\" for PodSecurityConfiguration (pod-security.admission.config.k8s.io/v1)");
        }
        requireFields(key, object, root, Set.of("apiVersion", "kind", "metadata", "defaults", "exemptions"));
        Node defaults = root.get("defaults");
        requireFields(key, object, defaults, Set.of("enforce", "enforce-version", "audit", "audit-version", "warn", "warn-version"));
        Node exemptions = root.get("exemptions");
        requireFields(key, object, exemptions, Set.of("usernames", "namespaces", "runtimeClasses"));
        return new PodSecurityAdmission(new PodSecurityConfiguration(
                levelVersion(key, object, defaults, "enforce"),
                levelVersion(key, object, defaults, "audit"),
                levelVersion(key, object, defaults, "warn"),
                strings(exemptions.get("usernames")),
                strings(exemptions.get("namespaces")),
                strings(exemptions.get("runtimeClasses"))));
    }

    private static LevelVersion levelVersion(String key, KubernetesObject object, Node defaults, String mode)
            throws InvalidPolicySetException {
        Node level = defaults.get(mode);
        Node version = defaults.get(mode + "-version");
        try {
            return new LevelVersion(Level.parse(level.textOr("privileged")), Version.parse(version.textOr("latest")));
        } catch (IllegalArgumentException e) {
            throw invalid(key, object, level.isMissing() ? version : level, e.getMessage());
        }
    }

    private static List<String> strings(Node list) {
        List<String> out = new ArrayList<>();
        for (Node n : list.elements()) {
            if (n.asText() != null) {
                out.add(n.asText());
            }
        }
        return out;
    }

    private static void requireFields(String key, KubernetesObject object, Node map, Set<String> known)
            throws InvalidPolicySetException {
        for (String field : map.fields().keySet()) {
            if (!known.contains(field)) {
                throw invalid(key, object, map.get(field), "unknown field \"" + field + "\" in " + object.kind());
            }
        }
    }

    static InvalidPolicySetException invalid(String key, KubernetesObject object, Node at, String message) {
        return new InvalidPolicySetException(key, object.document(), at.anchor().line(), message);
    }
}
