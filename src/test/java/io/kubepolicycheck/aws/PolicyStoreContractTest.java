package io.kubepolicycheck.aws;

import static io.kubepolicycheck.testing.Manifests.EXEMPTING_SET;
import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetListing;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.render.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The S3 policy store against a real S3 API over real HTTP with the real SDK, built from the environment as
 * the Lambda builds it. Requests are counted by a relay in front of the server; time is a clock the test moves.
 * Subclasses provide the server.
 */
abstract class PolicyStoreContractTest {
    static final String PREFIX = "policies/";
    static final int TTL_SECONDS = 60;

    protected final MutableClock clock = new MutableClock();
    protected CountingProxy proxy;
    private S3Client admin;
    private String bucket;
    private PolicyStore store;

    /** Starts (or finds) the server; its endpoint. */
    protected abstract URI startServer() throws Exception;

    protected abstract AwsCredentialsProvider credentials();

    /** The server stops answering, as if it died. */
    protected abstract void stopServer() throws Exception;

    protected abstract void shutDownServer() throws Exception;

    /** Whether the server versions the bucket, so versions are VersionIds rather than ETags. */
    protected abstract boolean versioning();

    @BeforeEach
    void setUpStore() throws Exception {
        URI endpoint = startServer();
        admin = S3Clients.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", endpoint.toString(), "AWS_REGION", "us-east-1"),
                credentials());
        bucket = "policies-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createBucket(b -> b.bucket(bucket));
        if (versioning()) {
            admin.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
        proxy = new CountingProxy(endpoint);
        // no POLICY_PREFIX: the default, policies/, is in effect
        Map<String, String> env = Map.of(
                "POLICY_BUCKET", bucket,
                "POLICY_CACHE_TTL_SECONDS", Integer.toString(TTL_SECONDS),
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString());
        store = PolicyStores.fromEnvironment(env, e -> S3Clients.fromEnvironment(e, credentials()), clock);
    }

    @AfterEach
    void tearDownStore() throws Exception {
        proxy.close();
        admin.close();
        shutDownServer();
    }

    private void put(String name, String content) {
        admin.putObject(b -> b.bucket(bucket).key(PREFIX + name), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    /** The version the store must report: the VersionId where the bucket versions objects, else the ETag. */
    private String versionOf(String name) {
        HeadObjectResponse head = admin.headObject(b -> b.bucket(bucket).key(PREFIX + name));
        return head.versionId() != null && !"null".equals(head.versionId())
                ? head.versionId() : head.eTag().replace("\"", "");
    }

    private static String enforce(PolicySet set) {
        return set.policies().get(0).summary().settings().get("enforce").toString();
    }

    private void afterTtl() {
        clock.advance(Duration.ofSeconds(TTL_SECONDS + 1));
    }

    @Test
    void theFirstLoadReadsTheObjectOnce() throws Exception {
        put("team.yaml", RESTRICTED_SET);

        LoadedPolicySet loaded = store.load("team");

        assertEquals("team", loaded.set().id());
        assertEquals(versionOf("team.yaml"), loaded.set().version());
        assertFalse(loaded.stale());
        assertEquals("restricted:latest", enforce(loaded.set()));
        assertEquals(1, proxy.requests());
    }

    @Test
    void withinTheTtlTheCachedSetIsUsedWithoutAnyRequest() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicySet first = store.load("team").set();

        clock.advance(Duration.ofSeconds(TTL_SECONDS - 1));

        assertSame(first, store.load("team").set());
        assertEquals(1, proxy.requests());
    }

    @Test
    void afterTheTtlAConditionalGetKeepsAnUnchangedSetForAnotherTtl() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicySet first = store.load("team").set();

        afterTtl();
        LoadedPolicySet revalidated = store.load("team");

        assertSame(first, revalidated.set(), "304: the cached copy is kept, not read and parsed again");
        assertFalse(revalidated.stale());
        assertEquals(2, proxy.requests());
        clock.advance(Duration.ofSeconds(TTL_SECONDS - 1));
        assertSame(first, store.load("team").set());
        assertEquals(2, proxy.requests(), "the TTL restarted at the 304");
    }

    @Test
    void primingWalksTheRequestPathWithoutSendingAnything() throws Exception {
        store.prime();

        assertEquals(0, proxy.connections());
        put("team.yaml", RESTRICTED_SET);
        assertEquals("team", store.load("team").set().id());
        assertEquals(1, proxy.requests());
    }

    @Test
    void afterARestoreFromASnapshotACachedSetIsRevalidatedBeforeItIsUsedAgain() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicySet first = store.load("team").set();

        store.afterRestore();
        LoadedPolicySet revalidated = store.load("team");

        assertSame(first, revalidated.set(), "304: the cached copy is kept");
        assertEquals(2, proxy.requests(), "the expiry measured before the snapshot is not trusted");
        assertSame(first, store.load("team").set());
        assertEquals(2, proxy.requests(), "a fresh TTL started at the 304");
    }

    @Test
    void aChangedObjectIsPickedUpAfterTheTtl() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        String firstVersion = store.load("team").set().version();
        put("team.yaml", RESTRICTED_SET.replace("enforce: restricted", "enforce: baseline"));

        clock.advance(Duration.ofSeconds(TTL_SECONDS / 2));
        assertEquals("restricted:latest", enforce(store.load("team").set()), "still cached");
        clock.advance(Duration.ofSeconds(TTL_SECONDS / 2 + 1));
        PolicySet changed = store.load("team").set();

        assertEquals("baseline:latest", enforce(changed));
        assertEquals(versionOf("team.yaml"), changed.version());
        assertNotEquals(firstVersion, changed.version());
        assertEquals(2, proxy.requests());
    }

    @Test
    void ymlAndJsonKeysAreFoundToo() throws Exception {
        put("yml-set.yml", RESTRICTED_SET);
        put("json-set.json", Json.MAPPER.writeValueAsString(new Yaml().load(EXEMPTING_SET)));

        assertEquals("restricted:latest", enforce(store.load("yml-set").set()));
        assertEquals("restricted:latest", enforce(store.load("json-set").set()));
        assertEquals(versionOf("json-set.json"), store.load("json-set").set().version());
    }

    @Test
    void aMissingKeyIsNotFound() {
        PolicySetNotFoundException e = assertThrows(PolicySetNotFoundException.class, () -> store.load("absent"));

        assertEquals("absent", e.id());
        // The built-in ids only: naming the stored ones would cost every mistyped id a listing request.
        assertEquals("policy set \"absent\" not found; available: pss-privileged, pss-baseline, pss-restricted, "
                + "psp-privileged, psp-restricted, openshift-default", e.getMessage());
    }

    @Test
    void theListNamesTheBuiltInSetsThenEverySetUnderThePrefixOnce() throws Exception {
        put("team-b.yaml", RESTRICTED_SET);
        put("team-a.json", "{}");
        put("team-a.yaml", "not: a set");
        put("nested/deeper.yaml", RESTRICTED_SET);
        put("Bad_Id.yaml", RESTRICTED_SET);
        put("notes.txt", "x");
        put("pss-baseline.yaml", RESTRICTED_SET);
        admin.putObject(b -> b.bucket(bucket).key("elsewhere.yaml"), RequestBody.fromString(RESTRICTED_SET));

        List<PolicySetListing> sets = store.list();

        assertEquals(List.of("pss-privileged", "pss-baseline", "pss-restricted", "psp-privileged", "psp-restricted",
                "openshift-default", "team-a", "team-b"), sets.stream().map(PolicySetListing::id).toList());
        assertEquals(new PolicySetListing("team-a", "bucket",
                        "stored as " + PREFIX + "team-a.yaml in the policy bucket"),
                sets.get(6));
        assertEquals("builtin", sets.get(0).origin());
        assertEquals(1, proxy.requests(), "listed, not loaded");
    }

    @Test
    void aListingS3RefusesIsAStoreFailureAndA503() throws Exception {
        stopServer();

        assertThrows(PolicyStoreException.class, () -> store.list());
        ApiResponse answer = new PolicyApi(store, ApiSettings.DEFAULT)
                .handle(new ApiRequest("GET", "/v1/policy-sets", null, Map.of(), new byte[0], "req-1"));
        assertEquals(503, answer.status(), answer.body());
        assertEquals("5", answer.header("retry-after"));
        assertTrue(answer.body().contains("POLICY_STORE_UNAVAILABLE"), answer.body());
    }

    @Test
    void aMissingBucketIsAStoreFailureNotAMissingSet() {
        Map<String, String> env = Map.of(
                "POLICY_BUCKET", bucket + "-absent",
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString());
        PolicyStore misconfigured = PolicyStores.fromEnvironment(env, e -> S3Clients.fromEnvironment(e, credentials()),
                clock);

        PolicyStoreException e = assertThrows(PolicyStoreException.class, () -> misconfigured.load("team"));
        assertTrue(e.getMessage().contains(bucket + "-absent"), e.getMessage());
    }

    @Test
    void aCorruptSetIsInvalidNamingKeyDocumentAndLine() {
        put("broken.yaml", RESTRICTED_SET + "---\n" + RESTRICTED_SET.replace("enforce-version", "enforce-verison"));

        InvalidPolicySetException e = assertThrows(InvalidPolicySetException.class, () -> store.load("broken"));

        assertEquals(PREFIX + "broken.yaml", e.key());
        assertEquals(1, e.document());
        assertEquals(11, e.line());
        assertTrue(e.located().contains("enforce-verison"), e.located());
        afterTtl();
        assertThrows(InvalidPolicySetException.class, () -> store.load("broken"));
        assertEquals(2, proxy.requests(), "an unchanged corrupt set is revalidated, not re-read each time");
    }

    @Test
    void anObjectOverTheSizeLimitIsInvalidWithoutBeingRead() {
        byte[] huge = new byte[S3PolicyStore.MAX_SET_BYTES + 1];
        Arrays.fill(huge, (byte) '#');
        admin.putObject(b -> b.bucket(bucket).key(PREFIX + "huge.yaml"), RequestBody.fromBytes(huge));

        InvalidPolicySetException e = assertThrows(InvalidPolicySetException.class, () -> store.load("huge"));

        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
        assertEquals(PREFIX + "huge.yaml", e.key());
    }

    @Test
    void builtInSetsAreNeverShadowedByTheBucket() throws Exception {
        put("pss-restricted.yaml", RESTRICTED_SET.replace("enforce: restricted", "enforce: privileged"));

        PolicySet set = store.load("pss-restricted").set();

        assertTrue(set.version().startsWith("builtin-"));
        assertEquals(0, proxy.requests());
    }

    @Test
    void concurrentLoadsOfOneSetShareOneRequest() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<PolicySet>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.load("team").set();
                }));
            }
            start.countDown();
            PolicySet first = results.get(0).get();
            for (Future<PolicySet> result : results) {
                assertSame(first, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, proxy.requests());
    }

    @Test
    void whenS3StopsAfterTheTtlTheCachedCopyIsServedStale() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicySet cached = store.load("team").set();
        String version = versionOf("team.yaml");
        PolicyApi api = new PolicyApi(store, ApiSettings.DEFAULT);

        stopServer();
        afterTtl();
        LoadedPolicySet loaded = store.load("team");

        assertTrue(loaded.stale());
        assertSame(cached, loaded.set());
        JsonNode verdict = Json.MAPPER.readTree(check(api, "team").body());
        assertTrue(verdict.path("policySet").path("stale").asBoolean());
        assertEquals(version, verdict.path("policySet").path("version").asText());
    }

    @Test
    void whileS3IsDownTheStaleCopyIsServedWithoutAskingAgainForAFewSeconds() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        store.load("team");
        stopServer();
        afterTtl();
        assertTrue(store.load("team").stale());
        int attempts = proxy.connections();

        clock.advance(S3PolicyStore.FAILURE_BACKOFF.minusSeconds(1));
        assertTrue(store.load("team").stale());
        assertEquals(attempts, proxy.connections(), "no new attempt during the back-off");

        clock.advance(Duration.ofSeconds(1));
        assertTrue(store.load("team").stale());
        assertTrue(proxy.connections() > attempts, "S3 is asked again after the back-off");
    }

    @Test
    void whenS3StopsWithNothingCachedTheStoreIsUnavailable() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        stopServer();

        assertThrows(PolicyStoreException.class, () -> store.load("team"));
        ApiResponse response = check(new PolicyApi(store, ApiSettings.DEFAULT), "team");
        assertEquals(503, response.status());
        assertEquals("POLICY_STORE_UNAVAILABLE", Json.MAPPER.readTree(response.body()).path("error").path("code").asText());
        assertEquals(Integer.toString(PolicyApi.RETRY_AFTER_SECONDS), response.header("retry-after"));
    }

    @Test
    void theApiAnswersFromTheBucket() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicyApi api = new PolicyApi(store, ApiSettings.DEFAULT);

        ApiResponse response = check(api, "team");
        JsonNode verdict = Json.MAPPER.readTree(response.body());
        assertEquals(200, response.status());
        assertFalse(verdict.path("allowed").asBoolean(true));
        assertEquals(versionOf("team.yaml"), verdict.path("policySet").path("version").asText());
        assertTrue(verdict.path("policySet").path("stale").isMissingNode());
        assertEquals(404, check(api, "absent").status());
    }

    private static ApiResponse check(PolicyApi api, String id) {
        return api.handle(new ApiRequest("POST", "/v1/policy-sets/" + id + "/check", null, Map.of(),
                PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8), "req-1"));
    }
}
