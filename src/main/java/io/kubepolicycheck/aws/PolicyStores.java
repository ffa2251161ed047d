package io.kubepolicycheck.aws;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.DirectoryPolicyStore;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.PolicyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The policy store a process serves, from the environment (CONTRACT section 4): the built-in sets always and
 * first, then {@code POLICY_BUCKET} (with {@code POLICY_PREFIX}, default {@code policies/},
 * {@code POLICY_CACHE_TTL_SECONDS}, default 60, and {@code POLICY_NOT_FOUND_TTL_SECONDS}, default 10: how long a
 * set found missing stays missing, and the bucket's listing is kept) or {@code POLICY_DIR}. Naming both is a configuration error.
 */
public final class PolicyStores {
    public static final String DEFAULT_PREFIX = "policies/";
    public static final int DEFAULT_TTL_SECONDS = 60;
    public static final int DEFAULT_NOT_FOUND_TTL_SECONDS = 10;

    private PolicyStores() {
    }

    public static PolicyStore fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, new EnvironmentS3Client(), InstantSource.system());
    }

    /**
     * {@link S3Clients#fromEnvironment}, as a class of its own rather than a method reference: linking a method
     * reference would load the SDK's client interfaces, and a process without {@code POLICY_BUCKET} (the command
     * line, most local runs) should not load any of the SDK.
     */
    private static final class EnvironmentS3Client implements Function<Map<String, String>, S3Client> {
        @Override
        public S3Client apply(Map<String, String> env) {
            return S3Clients.fromEnvironment(env);
        }
    }

    /** With the S3 client and clock given, for tests against S3-compatible servers. */
    public static PolicyStore fromEnvironment(Map<String, String> env, Function<Map<String, String>, S3Client> s3,
                                              InstantSource clock) {
        String bucket = blankToNull(env.get("POLICY_BUCKET"));
        String dir = blankToNull(env.get("POLICY_DIR"));
        if (bucket != null && dir != null) {
            throw new IllegalArgumentException("set POLICY_BUCKET or POLICY_DIR, not both");
        }
        PolicyStore configured = null;
        if (bucket != null) {
            configured = s3Store(env, s3.apply(env), clock, S3Timeouts.DEFAULT);
        } else if (dir != null) {
            if (!Files.isDirectory(Path.of(dir))) {
                throw new IllegalArgumentException("POLICY_DIR " + dir + " is not a directory");
            }
            configured = new DirectoryPolicyStore(Path.of(dir));
        }
        return new LayeredPolicyStore(new BuiltinPolicySets(), configured);
    }

    /** The S3 store {@code env} names; {@code POLICY_BUCKET} must be set. */
    static S3PolicyStore s3Store(Map<String, String> env, S3Client s3, InstantSource clock, S3Timeouts timeouts) {
        String prefix = env.get("POLICY_PREFIX");
        return new S3PolicyStore(s3, env.get("POLICY_BUCKET").trim(), prefix == null ? DEFAULT_PREFIX : prefix.trim(),
                Duration.ofSeconds(ttlSeconds(env)), Duration.ofSeconds(notFoundTtlSeconds(env)), timeouts, clock);
    }

    static int ttlSeconds(Map<String, String> env) {
        return seconds(env, "POLICY_CACHE_TTL_SECONDS", DEFAULT_TTL_SECONDS);
    }

    static int notFoundTtlSeconds(Map<String, String> env) {
        return seconds(env, "POLICY_NOT_FOUND_TTL_SECONDS", DEFAULT_NOT_FOUND_TTL_SECONDS);
    }

    private static int seconds(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0) {
            throw new IllegalArgumentException(name + " must be a number of seconds (0 or more), not \""
                    + value + "\"");
        }
        return seconds;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
