package io.kubepolicycheck.aws;

import static io.kubepolicycheck.testing.Manifests.EXEMPTING_SET;
import static io.kubepolicycheck.testing.Manifests.PRIVILEGED_POD;
import static io.kubepolicycheck.testing.Manifests.RESTRICTED_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiRequest;
import io.kubepolicycheck.api.ApiResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetListing;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.testing.BucketAdmin;
import io.kubepolicycheck.validator.render.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
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
    static final int NOT_FOUND_TTL_SECONDS = 10;
    /** Generous, so a loaded machine cannot time out a request the test holds; the bounds are the defaults'. */
    static final S3Timeouts PATIENT = new S3Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30), 8, Duration.ofMillis(200));

    protected final MutableClock clock = new MutableClock();
    protected CountingProxy proxy;
    private S3Client admin;
    private String bucket;
    private Map<String, String> env;
    private S3PolicyStore s3Store;
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
        admin = BucketAdmin.forEndpoint(endpoint, credentials());
        bucket = "policies-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createBucket(b -> b.bucket(bucket));
        if (versioning()) {
            admin.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
        proxy = new CountingProxy(endpoint);
        // no POLICY_PREFIX: the default, policies/, is in effect
        env = Map.of(
                "POLICY_BUCKET", bucket,
                "POLICY_CACHE_TTL_SECONDS", Integer.toString(TTL_SECONDS),
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString());
        s3Store = s3Store(PATIENT);
        store = new LayeredPolicyStore(new BuiltinPolicySets(), s3Store);
    }

    /** The store the environment names, as the Lambda builds it, but with these timeouts. */
    private S3PolicyStore s3Store(S3Timeouts timeouts) {
        return PolicyStores.s3Store(env, S3Clients.fromEnvironment(env, credentials(), timeouts), clock, timeouts);
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
        store.load("team");
        s3Store.awaitLookups();
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
        assertSame(first, store.load("team").set(), "the copy answers while it is revalidated");
        s3Store.awaitLookups();
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
        store.load("team");
        s3Store.awaitLookups();
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
                        "stored as team-a.yaml in the policy bucket"),
                sets.get(6));
        assertEquals("builtin", sets.get(0).origin());
        assertEquals(1, proxy.requests(), "listed, not loaded");
    }

    @Test
    void listingsWithinTheNotFoundTtlShareOneListObjectsV2() throws Exception {
        put("team-a.yaml", RESTRICTED_SET);
        proxy.hold();
        List<Object> concurrent;
        ExecutorService releaser = Executors.newSingleThreadExecutor();
        try {
            // the first listing is held at S3 until the others have had time to join it or find it remembered
            Future<?> release = releaser.submit(() -> {
                assertTrue(proxy.awaitRequests(1));
                Thread.sleep(200);
                proxy.release();
                return null;
            });
            concurrent = concurrently(16, () -> ids(store.list()));
            release.get();
        } finally {
            releaser.shutdownNow();
        }
        RequestRecord.begin();
        for (int i = 0; i < 20; i++) {
            assertEquals(concurrent.get(0), ids(store.list()));
        }

        concurrent.forEach(listed -> assertTrue(((List<?>) listed).contains("team-a"), listed.toString()));
        assertEquals(1, proxy.requests(), "one ListObjectsV2 for 36 listings");
        assertEquals("cache-hit", RequestRecord.current().store().id());

        put("team-b.yaml", RESTRICTED_SET);
        clock.advance(Duration.ofSeconds(NOT_FOUND_TTL_SECONDS - 1));
        assertFalse(ids(store.list()).contains("team-b"), "still the remembered listing");
        clock.advance(Duration.ofSeconds(1));
        RequestRecord.begin();
        assertTrue(ids(store.list()).contains("team-b"), "listed again once the not-found TTL is over");
        assertEquals(2, proxy.requests());
        assertEquals("fetched", RequestRecord.current().store().id());
        assertTrue(RequestRecord.current().s3Millis() >= 0);
    }

    private static List<String> ids(List<PolicySetListing> sets) {
        return sets.stream().map(PolicySetListing::id).toList();
    }

    @Test
    void aFailedListingIsA503NamingNothingInternalAndIsRememberedForTheBackOff() throws Exception {
        put("team-a.yaml", RESTRICTED_SET);
        PolicyApi api = new PolicyApi(store, ApiSettings.DEFAULT);
        proxy.refuse();

        RequestRecord.begin();
        ApiResponse answer = list(api);
        int attempts = proxy.connections();
        String failure = RequestRecord.current().storeFailure();
        for (int i = 0; i < 10; i++) {
            assertEquals(503, list(api).status());
        }

        assertEquals(503, answer.status(), answer.body());
        assertEquals("1", answer.header("retry-after"));
        JsonNode error = Json.MAPPER.readTree(answer.body()).path("error");
        assertEquals("POLICY_STORE_UNAVAILABLE", error.path("code").asText());
        assertEquals("the policy store cannot list the stored policy sets now; retry after 1 s",
                error.path("message").asText());
        for (String internal : List.of(bucket, PREFIX, "s3://", "SDK", "127.0.0.1",
                Integer.toString(proxy.endpoint().getPort()))) {
            assertFalse(answer.body().contains(internal), internal + " in " + answer.body());
        }
        assertTrue(failure.contains(bucket), "the log line says what failed: " + failure);
        assertEquals("error", RequestRecord.current().store().id());
        assertEquals(attempts, proxy.connections(), "the failure is remembered for its back-off");

        proxy.resume();
        clock.advance(S3PolicyStore.FIRST_BACKOFF);
        assertEquals(200, list(api).status(), "one listing probes S3 after the back-off");
        assertEquals(1, proxy.requests());
    }

    @Test
    void aListingWaitsForAFreeS3SlotOnlyBriefly() throws Exception {
        S3PolicyStore narrow = s3Store(new S3Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(50), 1, Duration.ofMillis(200)));
        proxy.hold();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<?> load = caller.submit(() -> assertThrows(PolicySetNotFoundException.class, () -> narrow.load("a")));
            assertTrue(proxy.awaitRequests(1));

            PolicyStoreException busy = assertThrows(PolicyStoreException.class, narrow::list);
            assertEquals("the policy store is busy loading other policy sets and cannot list the stored policy sets "
                    + "now; retry after 1 s", busy.getMessage());
            assertEquals(1, proxy.requests(), "the listing sent nothing");
            proxy.release();
            load.get();
        } finally {
            caller.shutdownNow();
        }
    }

    private static ApiResponse list(PolicyApi api) {
        return api.handle(new ApiRequest("GET", "/v1/policy-sets", null, Map.of(), new byte[0], "req-1"));
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
        assertTrue(e.getMessage().contains("\"team\""), e.getMessage());
        assertFalse(e.getMessage().contains(bucket), "the caller is not told the bucket: " + e.getMessage());
        assertTrue(e.detail().contains(bucket + "-absent"), "the log is: " + e.detail());
    }

    @Test
    void aCorruptSetIsInvalidNamingKeyDocumentAndLine() throws Exception {
        put("broken.yaml", RESTRICTED_SET + "---\n" + RESTRICTED_SET.replace("enforce-version", "enforce-verison"));

        InvalidPolicySetException e = assertThrows(InvalidPolicySetException.class, () -> store.load("broken"));

        assertEquals("broken.yaml", e.key(), "named under the prefix, which callers are not told");
        assertEquals(1, e.document());
        assertEquals(11, e.line());
        assertTrue(e.located().contains("enforce-verison"), e.located());
        afterTtl();
        assertThrows(InvalidPolicySetException.class, () -> store.load("broken"));
        s3Store.awaitLookups();
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
        assertEquals("huge.yaml", e.key());
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

        List<Object> sets = concurrently(16, () -> store.load("team").set());

        sets.forEach(set -> assertSame(sets.get(0), set));
        assertEquals(1, proxy.requests());
    }

    /** What {@code callers} threads, started together, each got from {@code call}. */
    private static List<Object> concurrently(int callers, Callable<Object> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> result : results) {
                outcomes.add(result.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenS3StopsAfterTheTtlTheCachedCopyIsServedStale() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicySet cached = store.load("team").set();
        String version = versionOf("team.yaml");
        PolicyApi api = new PolicyApi(store, ApiSettings.DEFAULT);

        stopServer();
        afterTtl();
        store.load("team");
        s3Store.awaitLookups();
        LoadedPolicySet loaded = store.load("team");

        assertTrue(loaded.stale());
        assertSame(cached, loaded.set());
        JsonNode verdict = Json.MAPPER.readTree(check(api, "team").body());
        assertTrue(verdict.path("policySet").path("stale").asBoolean());
        assertEquals(version, verdict.path("policySet").path("version").asText());
    }

    @Test
    void whileS3IsDownTheStaleCopyIsServedWithoutAskingAgainUntilTheBackOffEnds() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        store.load("team");
        stopServer();
        afterTtl();
        store.load("team");
        s3Store.awaitLookups();
        assertTrue(store.load("team").stale());
        int attempts = proxy.connections();

        clock.advance(S3PolicyStore.FIRST_BACKOFF.minusMillis(1));
        for (int i = 0; i < 20; i++) {
            assertTrue(store.load("team").stale());
        }
        assertEquals(attempts, proxy.connections(), "no new attempt during the back-off");

        clock.advance(Duration.ofMillis(1));
        assertTrue(store.load("team").stale());
        s3Store.awaitLookups();
        assertTrue(proxy.connections() > attempts, "S3 is asked again after the back-off");
        int second = proxy.connections();
        clock.advance(S3PolicyStore.FIRST_BACKOFF);
        assertTrue(store.load("team").stale());
        s3Store.awaitLookups();
        assertEquals(second, proxy.connections(), "the second back-off is twice the first");
    }

    @Test
    void pastTheTtlTheCopyAnswersAtOnceWhileOneBackgroundRefreshRevalidatesIt() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        PolicySet cached = store.load("team").set();
        put("team.yaml", RESTRICTED_SET.replace("enforce: restricted", "enforce: baseline"));
        afterTtl();
        proxy.hold();

        for (int i = 0; i < 8; i++) {
            LoadedPolicySet answer = store.load("team");
            assertSame(cached, answer.set(), "S3 is held: the copy answers");
            assertFalse(answer.stale(), "the refresh has not failed, it is only slow");
        }
        assertTrue(proxy.awaitRequests(2));
        proxy.release();
        s3Store.awaitLookups();

        assertEquals("baseline:latest", enforce(store.load("team").set()));
        assertEquals(2, proxy.requests(), "eight requests past the TTL, one refresh");
    }

    @Test
    void aMissingSetIsRememberedForTheNotFoundTtlAtOneGetPerExtension() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThrows(PolicySetNotFoundException.class, () -> store.load("absent"));
        }
        assertEquals(S3PolicyStore.EXTENSIONS.size(), proxy.requests());

        put("absent.yaml", RESTRICTED_SET);
        clock.advance(Duration.ofSeconds(NOT_FOUND_TTL_SECONDS - 1));
        assertThrows(PolicySetNotFoundException.class, () -> store.load("absent"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals("absent", store.load("absent").set().id(), "looked up again once the not-found TTL is over");
        assertEquals(S3PolicyStore.EXTENSIONS.size() + 1, proxy.requests());
    }

    @Test
    void afterARestoreFromASnapshotAMissingSetAndAFailureAreLookedUpAgain() throws Exception {
        assertThrows(PolicySetNotFoundException.class, () -> store.load("absent"));
        proxy.refuse();
        assertThrows(PolicyStoreException.class, () -> store.load("team"));
        proxy.resume();
        put("absent.yaml", RESTRICTED_SET);
        put("team.yaml", RESTRICTED_SET);

        store.afterRestore();

        assertEquals("absent", store.load("absent").set().id());
        assertEquals("team", store.load("team").set().id());
    }

    @Test
    void aSetDeletedFromTheBucketIsNotFoundOnceItsRevalidationHasSeenIt() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        store.load("team");
        admin.deleteObject(b -> b.bucket(bucket).key(PREFIX + "team.yaml"));

        afterTtl();
        try {
            store.load("team");
        } catch (PolicySetNotFoundException e) {
            // the revalidation finished within the wait of the request that started it: that answer is current
        }
        s3Store.awaitLookups();

        assertThrows(PolicySetNotFoundException.class, () -> store.load("team"));
    }

    @Test
    void concurrentLoadsOfAMissingSetShareOneLookup() throws Exception {
        List<Object> outcomes = concurrently(16, () -> {
            try {
                return store.load("absent");
            } catch (PolicySetNotFoundException e) {
                return e;
            }
        });

        outcomes.forEach(outcome -> assertTrue(outcome instanceof PolicySetNotFoundException, outcome.toString()));
        assertEquals(S3PolicyStore.EXTENSIONS.size(), proxy.requests());
    }

    @Test
    void withS3DownAndNothingCachedCallersFailAtOnceUntilTheBackOffEnds() throws Exception {
        stopServer();
        PolicyStoreException first = assertThrows(PolicyStoreException.class, () -> store.load("team"));
        assertEquals(1, first.retryAfterSeconds());
        int attempts = proxy.connections();

        for (int i = 0; i < 20; i++) {
            assertThrows(PolicyStoreException.class, () -> store.load("team"));
        }
        assertEquals(attempts, proxy.connections(), "the failure is remembered");

        clock.advance(S3PolicyStore.FIRST_BACKOFF);
        PolicyStoreException second = assertThrows(PolicyStoreException.class, () -> store.load("team"));
        assertTrue(proxy.connections() > attempts, "one probe after the back-off");
        assertEquals(2, second.retryAfterSeconds(), "the back-off doubles");
    }

    @Test
    void afterTheBackOffOneRequestProbesS3WhileTheOthersFailAtOnce() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        proxy.refuse();
        assertThrows(PolicyStoreException.class, () -> store.load("team"));
        proxy.resume();
        proxy.hold();
        clock.advance(S3PolicyStore.FIRST_BACKOFF);
        ExecutorService prober = Executors.newSingleThreadExecutor();
        try {
            Future<PolicySet> probe = prober.submit(() -> store.load("team").set());
            assertTrue(proxy.awaitRequests(1));

            PolicyStoreException other = assertThrows(PolicyStoreException.class, () -> store.load("team"));
            assertEquals(1, other.retryAfterSeconds());
            proxy.release();

            assertEquals("team", probe.get().id());
            assertEquals("team", store.load("team").set().id());
            assertEquals(1, proxy.requests());
        } finally {
            prober.shutdownNow();
        }
    }

    @Test
    void withTheDefaultTimeoutsAStalledS3FailsAFirstLoadAndTheFailureIsRemembered() throws Exception {
        S3PolicyStore deployed = s3Store(S3Timeouts.DEFAULT);
        put("team.yaml", RESTRICTED_SET);
        proxy.hold();

        // the default time limits end it; without them the SDK would wait for the held request forever
        PolicyStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(PolicyStoreException.class, () -> deployed.load("team")));
        int sent = proxy.requests();
        for (int i = 0; i < 10; i++) {
            assertThrows(PolicyStoreException.class, () -> deployed.load("team"));
        }

        assertTrue(e.detail().contains("team.yaml"), e.detail());
        assertEquals(sent, proxy.requests(), "remembered: no request during the back-off");
        proxy.release();
    }

    @Test
    void aBurstOfDistinctIdsWaitsForAFreeS3SlotOnlyBriefly() throws Exception {
        S3PolicyStore narrow = s3Store(new S3Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(50), 2, Duration.ofMillis(200)));
        proxy.hold();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = callers.submit(() -> assertThrows(PolicySetNotFoundException.class, () -> narrow.load("a")));
            Future<?> b = callers.submit(() -> assertThrows(PolicySetNotFoundException.class, () -> narrow.load("b")));
            assertTrue(proxy.awaitRequests(2));

            PolicyStoreException busy = assertThrows(PolicyStoreException.class, () -> narrow.load("c"));
            assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            assertEquals(2, proxy.requests(), "the third id sent nothing");
            proxy.release();
            a.get();
            b.get();
        } finally {
            callers.shutdownNow();
        }
        assertThrows(PolicySetNotFoundException.class, () -> narrow.load("c"), "a busy store remembers nothing");
    }

    @Test
    void noErrorBodyNamesTheBucketThePrefixTheEndpointOrTheSdk() throws Exception {
        put("broken.yaml", RESTRICTED_SET.replace("enforce-version", "enforce-verison"));
        PolicyApi api = new PolicyApi(store, ApiSettings.DEFAULT);
        ApiResponse invalid = check(api, "broken");
        stopServer();
        ApiResponse unavailable = check(api, "team");

        assertEquals(422, invalid.status());
        assertTrue(invalid.body().contains("broken.yaml"), invalid.body());
        assertEquals(503, unavailable.status());
        assertTrue(Json.MAPPER.readTree(unavailable.body()).path("error").path("message").asText()
                .contains("policy set \"team\""), unavailable.body());
        assertEquals("1", unavailable.header("retry-after"));
        for (ApiResponse response : List.of(invalid, unavailable)) {
            for (String internal : List.of(bucket, PREFIX, "s3://", "SDK", "127.0.0.1",
                    Integer.toString(proxy.endpoint().getPort()))) {
                assertFalse(response.body().contains(internal), internal + " in " + response.body());
            }
        }
        assertTrue(RequestRecord.current().storeFailure().contains(bucket),
                "the log line says what failed: " + RequestRecord.current().storeFailure());
    }

    @Test
    void whenS3StopsWithNothingCachedTheStoreIsUnavailable() throws Exception {
        put("team.yaml", RESTRICTED_SET);
        stopServer();

        assertThrows(PolicyStoreException.class, () -> store.load("team"));
        ApiResponse response = check(new PolicyApi(store, ApiSettings.DEFAULT), "team");
        assertEquals(503, response.status());
        assertEquals("POLICY_STORE_UNAVAILABLE", Json.MAPPER.readTree(response.body()).path("error").path("code").asText());
        assertEquals("1", response.header("retry-after"), "the first back-off");
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
