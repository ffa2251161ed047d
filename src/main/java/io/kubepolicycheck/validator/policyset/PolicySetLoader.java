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
import io.kubepolicycheck.validator.policy.Policy;
import io.kubepolicycheck.validator.policy.PolicySet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a stored policy set (YAML or JSON documents of Kubernetes' own policy kinds) into a {@link PolicySet}.
 * Strict: an unknown kind or field is refused with its document and line, since a typo must never weaken a
 * policy silently.
 */
public final class PolicySetLoader {
    private static final ManifestParser PARSER = new ManifestParser(Limits.DEFAULT.withMaxBytes(8 << 20));

    public PolicySet load(String id, String version, String key, byte[] content) throws InvalidPolicySetException {
        List<KubernetesObject> objects;
        try {
            objects = PARSER.parse(content, key);
        } catch (ManifestException e) {
            throw new InvalidPolicySetException(key, e.document(), e.line(), e.getMessage());
        }
        if (objects.isEmpty()) {
            throw new InvalidPolicySetException(key, -1, -1, "the policy set holds no policy");
        }
        List<Policy> policies = new ArrayList<>();
        for (KubernetesObject object : objects) {
            policies.add(podSecurityConfiguration(key, object));
        }
        return new PolicySet(id, version, policies);
    }

    private static Policy podSecurityConfiguration(String key, KubernetesObject object) throws InvalidPolicySetException {
        if (!"PodSecurityConfiguration".equals(object.kind())) {
            throw invalid(key, object, object.root().get("kind"), "unsupported kind \"" + object.kind() + "\"");
        }
        Node root = object.root();
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
