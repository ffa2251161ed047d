package io.kubepolicycheck.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.testing.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyStoresTest {
    @TempDir
    Path dir;

    @Test
    void withoutABucketOrAFolderOnlyTheBuiltInSetsExist() throws Exception {
        PolicyStore store = PolicyStores.fromEnvironment(Map.of());

        assertTrue(store.load("pss-baseline").set().version().startsWith("builtin-"));
        assertThrows(PolicySetNotFoundException.class, () -> store.load("team"));
    }

    @Test
    void policyDirServesAFolder() throws Exception {
        Files.writeString(dir.resolve("team.yaml"), Manifests.RESTRICTED_SET);

        PolicyStore store = PolicyStores.fromEnvironment(Map.of("POLICY_DIR", dir.toString()));

        assertEquals("team", store.load("team").set().id());
    }

    @Test
    void misconfigurationIsRefusedAtStartWithTheVariableNamed() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("POLICY_BUCKET", "b", "POLICY_DIR", dir.toString()), "POLICY_BUCKET or POLICY_DIR",
                Map.of("POLICY_DIR", dir.resolve("absent").toString()), "POLICY_DIR",
                Map.of("POLICY_BUCKET", "b", "POLICY_CACHE_TTL_SECONDS", "soon"), "POLICY_CACHE_TTL_SECONDS",
                Map.of("POLICY_BUCKET", "b", "POLICY_CACHE_TTL_SECONDS", "-1"), "POLICY_CACHE_TTL_SECONDS",
                Map.of("POLICY_BUCKET", "b", "POLICY_NOT_FOUND_TTL_SECONDS", "10s"), "POLICY_NOT_FOUND_TTL_SECONDS");
        cases.forEach((env, named) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PolicyStores.fromEnvironment(env, ignored -> null, InstantSource.system()));
            assertTrue(e.getMessage().contains(named), e.getMessage());
        });
    }

    @Test
    void anS3EndpointThatIsNotAnHttpUrlIsRefusedAtStartWithTheVariableNamed() {
        for (String endpoint : List.of("not-a-url", "localhost:4566", "ftp://localhost", "http://[::1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyStores.fromEnvironment(
                    Map.of("POLICY_BUCKET", "b", "AWS_ENDPOINT_URL_S3", endpoint, "AWS_REGION", "us-east-1")));
            assertTrue(e.getMessage().contains("AWS_ENDPOINT_URL_S3"), e.getMessage());
        }
    }

    @Test
    void anEndpointTheSdkFindsOnItsOwnAndCannotReadIsAConfigurationErrorToo() {
        // the SDK also reads endpoints from system properties and the process environment by itself
        System.setProperty("aws.endpointUrlS3", "::not a uri");
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> PolicyStores.fromEnvironment(Map.of("POLICY_BUCKET", "b", "AWS_REGION", "us-east-1")));
        } finally {
            System.clearProperty("aws.endpointUrlS3");
        }
    }

    @Test
    void theTtlDefaultsToSixtySeconds() {
        assertEquals(60, PolicyStores.ttlSeconds(Map.of()));
        assertEquals(0, PolicyStores.ttlSeconds(Map.of("POLICY_CACHE_TTL_SECONDS", "0")));
    }

    @Test
    void theNotFoundTtlIsItsOwnSettingAndDefaultsToTenSeconds() {
        assertEquals(10, PolicyStores.notFoundTtlSeconds(Map.of("POLICY_CACHE_TTL_SECONDS", "300")));
        assertEquals(2, PolicyStores.notFoundTtlSeconds(Map.of("POLICY_NOT_FOUND_TTL_SECONDS", "2")));
    }
}
