package io.kubepolicycheck.policystore;

import io.kubepolicycheck.validator.podsecurity.Level;
import io.kubepolicycheck.validator.podsecurity.LevelVersion;
import io.kubepolicycheck.validator.podsecurity.PodSecurityAdmission;
import io.kubepolicycheck.validator.podsecurity.PodSecurityConfiguration;
import io.kubepolicycheck.validator.podsecurity.Version;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sets every deployment has: {@code pss-<level>} and {@code pss-<level>-v1.N}, built in code, and the
 * sets shipped as resources under {@code /policysets/} ({@code psp-*}, {@code openshift-default}).
 * Their version is {@code builtin-<hash>} of what defines them, so a cache keyed on it changes when they do.
 */
public final class BuiltinPolicySets implements PolicyStore {
    private static final Pattern PSS = Pattern.compile("pss-(privileged|baseline|restricted)(?:-(v1\\.(?:0|[1-9]\\d{0,2})))?");
    /** Resource sets shipped in the jar, by id. */
    public static final List<String> RESOURCE_SETS = List.of("psp-privileged", "psp-restricted", "openshift-default");

    private final Map<String, PolicySet> cache = new ConcurrentHashMap<>();
    private final PolicySetLoader loader = new PolicySetLoader();

    public boolean isBuiltin(String id) {
        return PSS.matcher(id).matches() || RESOURCE_SETS.contains(id);
    }

    /** All ids to list: the unversioned PSS sets and the resource sets. */
    public List<String> ids() {
        return List.of("pss-privileged", "pss-baseline", "pss-restricted", "psp-privileged", "psp-restricted",
                "openshift-default");
    }

    /** What each listed set holds, in one line, by id. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "pss-privileged", "Pod Security Standards, privileged level enforced: allows everything "
                    + "(pss-privileged-v1.N for an older version)",
            "pss-baseline", "Pod Security Standards, baseline level enforced: prevents known privilege escalations "
                    + "(pss-baseline-v1.N for an older version)",
            "pss-restricted", "Pod Security Standards, restricted level enforced: pod hardening best practices "
                    + "(pss-restricted-v1.N for an older version)",
            "psp-privileged", "the privileged PodSecurityPolicy of the Kubernetes documentation: allows everything",
            "psp-restricted", "the restricted PodSecurityPolicy of the Kubernetes documentation: non-root, "
                    + "no privilege escalation, all capabilities dropped, core volume types",
            "openshift-default", "OpenShift's default SecurityContextConstraints with their users, groups and "
                    + "ClusterRoles; every authenticated user may use restricted-v2");

    @Override
    public List<PolicySetListing> list() {
        return listLocally();
    }

    @Override
    public List<PolicySetListing> listLocally() {
        return ids().stream().map(id -> new PolicySetListing(id, PolicySetListing.BUILTIN, description(id))).toList();
    }

    /** The one-line description of a listed set; a listed id without one is a mistake a test catches. */
    static String description(String id) {
        return DESCRIPTIONS.get(id);
    }

    public Optional<PolicySet> find(String id) throws InvalidPolicySetException {
        PolicySet cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        PolicySet set = build(id);
        if (set != null) {
            cache.put(id, set);
        }
        return Optional.ofNullable(set);
    }

    /** Builds every listed set now, so no request pays for it. */
    @Override
    public void prime() {
        for (String id : ids()) {
            try {
                find(id);
            } catch (InvalidPolicySetException e) {
                // a broken built-in set fails the requests that name it, with its place; it must not stop the rest
            }
        }
    }

    @Override
    public LoadedPolicySet load(String id) throws PolicySetNotFoundException, InvalidPolicySetException {
        return new LoadedPolicySet(find(id).orElseThrow(() -> new PolicySetNotFoundException(id)), false);
    }

    private PolicySet build(String id) throws InvalidPolicySetException {
        Matcher m = PSS.matcher(id);
        if (m.matches()) {
            LevelVersion lv = new LevelVersion(Level.parse(m.group(1)), Version.parse(m.group(2)));
            return new PolicySet(id, "builtin-" + hash(id), List.of(new PodSecurityAdmission(PodSecurityConfiguration.enforcing(lv))));
        }
        if (!RESOURCE_SETS.contains(id)) {
            return null;
        }
        String resource = "/policysets/" + id + ".yaml";
        try (InputStream in = BuiltinPolicySets.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] content = in.readAllBytes();
            return loader.load(id, "builtin-" + hash(new String(content, StandardCharsets.UTF_8)), resource, content);
        } catch (IOException e) {
            throw new InvalidPolicySetException(resource, -1, -1, "cannot read built-in set: " + e.getMessage());
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
