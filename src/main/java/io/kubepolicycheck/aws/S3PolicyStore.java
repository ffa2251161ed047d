package io.kubepolicycheck.aws;

import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetIds;
import io.kubepolicycheck.policystore.PolicySetListing;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.policystore.PolicyStoreException;
import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.StoreOutcome;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.policyset.InvalidPolicySetException;
import io.kubepolicycheck.validator.policyset.PolicySetLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetUrlRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Policy sets from S3: the object {@code <prefix><id>.yaml}, {@code .yml} or {@code .json}, looked up with one GET
 * per extension in that order. (A LIST of the id's keys would cost one call for a missing set but two for a found
 * one, found sets are the common case, and a miss is remembered anyway.)
 *
 * <p>What an id resolved to is remembered:
 * <ul>
 * <li>a set, or why it is invalid: used for the TTL. Past it, the copy still answers and one background refresh
 *     (single-flight) revalidates it with a conditional GET, a 304 keeping it for another TTL; the request that
 *     starts the refresh waits for it {@link S3Timeouts#revalidationWait()} at most. When the refresh fails the
 *     copy is served marked stale, and S3 is asked again only after a back-off;</li>
 * <li>that no object exists, for the not-found TTL, so repeated unknown ids cost no S3 request;</li>
 * <li>that S3 failed and there is no copy: callers get the failure at once, with the seconds left of the back-off
 *     (1 s, doubling up to {@link #MAX_BACKOFF}), and then one request probes S3 while the others still fail at
 *     once.</li>
 * </ul>
 * The list of sets under the prefix is remembered too, for the not-found TTL (a set uploaded is then listed as
 * soon as a load would find it), and a failed listing backs off as a failed load does. Concurrent loads of one id
 * share one lookup, concurrent listings one listing; S3 requests of all ids and listings together are bounded by
 * {@link S3Timeouts#concurrentCalls()}, and a lookup that finds no free slot in time fails as busy. Failures name
 * only the set; bucket, key and the SDK's words go to {@link PolicyStoreException#detail()} and the request log,
 * and an invalid set is named by its object's name under the prefix. How each load was answered, and S3's time
 * when this request's lookup called S3, go to the request log of the thread that asked.
 */
public final class S3PolicyStore implements PolicyStore {
    static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * The key the listing is remembered under: no set id holds a '/', so the listing shares the sets' cache, single
     * flight and expiry after a restore.
     */
    private static final String LISTING = "/";
    /** The loader's own bound on a set's size; a larger object is refused before it is read. */
    static final int MAX_SET_BYTES = 8 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Duration ttl;
    private final Duration notFoundTtl;
    private final S3Timeouts timeouts;
    private final InstantSource clock;
    private final PolicySetLoader loader = new PolicySetLoader();
    private final Semaphore s3Calls;
    private final ExecutorService refresher;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Lookup>> inFlight = new ConcurrentHashMap<>();

    public S3PolicyStore(S3Client s3, String bucket, String prefix, Duration ttl, Duration notFoundTtl,
                         S3Timeouts timeouts, InstantSource clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.ttl = ttl;
        this.notFoundTtl = notFoundTtl;
        this.timeouts = timeouts;
        this.clock = clock;
        this.s3Calls = new Semaphore(timeouts.concurrentCalls());
        // a refresh runs only while it holds an S3 slot, so more threads than slots would only wait
        this.refresher = new ThreadPoolExecutor(0, timeouts.concurrentCalls(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread thread = new Thread(r, "policy-set-refresh");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** What an id resolved to, until {@code expires}. */
    private sealed interface Entry permits Found, Missing, Failed, Listed {
        Instant expires();

        Entry until(Instant when);
    }

    /** A set or the reason it is invalid, the object it came from; stale after {@code failures} failed refreshes. */
    private record Found(String key, String etag, PolicySet set, InvalidPolicySetException invalid, Instant expires,
                         int failures) implements Entry {
        boolean stale() {
            return failures > 0;
        }

        @Override
        public Found until(Instant when) {
            return new Found(key, etag, set, invalid, when, failures);
        }

        Found fresh(Instant when) {
            return new Found(key, etag, set, invalid, when, 0);
        }
    }

    private record Missing(Instant expires) implements Entry {
        @Override
        public Missing until(Instant when) {
            return new Missing(when);
        }
    }

    /** The sets under the prefix, as S3 listed them. */
    private record Listed(List<PolicySetListing> sets, Instant expires) implements Entry {
        @Override
        public Listed until(Instant when) {
            return new Listed(sets, when);
        }
    }

    /** S3 failed with no copy to serve; {@code detail} says how, for the log. */
    private record Failed(Instant expires, int failures, String detail) implements Entry {
        @Override
        public Failed until(Instant when) {
            return new Failed(when, failures, detail);
        }
    }

    /** A lookup of one id, and whether this caller started it. */
    private record Flight(CompletableFuture<Lookup> future, boolean mine) {
    }

    /**
     * What a lookup found, and for the request log how ({@code outcome}), S3's time in it (-1: no S3 call), its
     * HTTP attempts and why S3 failed, if it did.
     */
    private record Lookup(Entry entry, StoreOutcome outcome, long s3Nanos, int s3Attempts, String failure) {
        Lookup(Entry entry, StoreOutcome outcome, long s3Nanos, String failure) {
            this(entry, outcome, s3Nanos, 0, failure);
        }

        Lookup withAttempts(int attempts) {
            return new Lookup(entry, outcome, s3Nanos, attempts, failure);
        }

        /** An answer from what is remembered, without S3. */
        static Lookup remembered(Entry entry) {
            if (entry instanceof Found found) {
                return new Lookup(found, found.stale() ? StoreOutcome.STALE : StoreOutcome.CACHE_HIT, -1, null);
            }
            if (entry instanceof Failed failed) {
                return new Lookup(failed, StoreOutcome.ERROR, -1, failed.detail());
            }
            if (entry instanceof Listed) {
                return new Lookup(entry, StoreOutcome.CACHE_HIT, -1, null);
            }
            return new Lookup(entry, StoreOutcome.NOT_FOUND, -1, null);
        }

        /**
         * Writes this to the request log of the calling thread: S3's time only if this request waited for the
         * lookup, and its attempts only if it ran on another thread (here the SDK counted them already).
         */
        Lookup log(boolean waitedForS3, boolean ranElsewhere) {
            RequestRecord record = RequestRecord.current();
            record.store(outcome);
            if (waitedForS3 && s3Nanos >= 0) {
                record.s3(s3Nanos);
            }
            for (int i = 0; ranElsewhere && i < s3Attempts; i++) {
                record.s3Attempt();
            }
            if (failure != null) {
                record.storeFailure(failure);
            }
            return this;
        }
    }

    @Override
    public LoadedPolicySet load(String id) throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException {
        if (!PolicySetIds.isValid(id)) {
            RequestRecord.current().store(StoreOutcome.NOT_FOUND);
            throw new PolicySetNotFoundException(id);
        }
        Entry entry = cache.get(id);
        if (entry != null && clock.instant().isBefore(entry.expires())) {
            return answer(id, Lookup.remembered(entry).log(false, false).entry());
        }
        if (entry instanceof Found copy) {
            Flight refresh = begin(id, true);
            Lookup answered = refresh.mine() ? waitBriefly(refresh.future(), copy) : Lookup.remembered(copy);
            return answer(id, answered.log(true, true).entry());
        }
        Flight lookup = begin(id, false);
        if (entry instanceof Failed failed && !lookup.mine()) {
            // one request probes S3 after a failure; the others do not wait for it
            Lookup.remembered(failed).log(false, false);
            throw unavailable(id, failed, 1);
        }
        return answer(id, await(lookup.future()).log(lookup.mine(), false).entry());
    }

    /**
     * Walks the request path without sending anything: builds a conditional GET and resolves the object's URL
     * through the client's endpoint rules, which is most of a first request's work before the network.
     */
    @Override
    public void prime() {
        String key = prefix + "prime" + EXTENSIONS.get(0);
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("\"prime\"").build();
        s3.utilities().getUrl(GetUrlRequest.builder().bucket(request.bucket()).key(request.key()).build());
    }

    /**
     * Everything remembered expires now: the expiry was measured before the snapshot, so the next load looks
     * again (a conditional GET for a set, 304 when unchanged) instead of trusting a clock that jumped.
     */
    @Override
    public void afterRestore() {
        Instant now = clock.instant();
        cache.replaceAll((id, entry) -> entry.until(now));
    }

    /**
     * The sets under the prefix, from {@code ListObjectsV2} (the {@code s3:ListBucket} the template already grants
     * for the prefix): each key {@code <prefix><id>.yaml}, {@code .yml} or {@code .json} directly under it whose id
     * is valid, the first extension a load would try winning. At most {@value #MAX_LISTED} keys are read. A listing
     * is remembered for the not-found TTL and shared by concurrent callers, as a set's lookup is.
     */
    @Override
    public List<PolicySetListing> list() throws PolicyStoreException {
        Entry entry = cache.get(LISTING);
        if (entry != null && clock.instant().isBefore(entry.expires())) {
            return listed(Lookup.remembered(entry).log(false, false).entry());
        }
        Flight listing = begin(LISTING, false);
        if (entry instanceof Failed failed && !listing.mine()) {
            // one request probes S3 after a failure; the others do not wait for it
            Lookup.remembered(failed).log(false, false);
            throw unlisted(failed, 1);
        }
        return listed(await(listing.future()).log(listing.mine(), false).entry());
    }

    private List<PolicySetListing> listed(Entry entry) throws PolicyStoreException {
        if (entry instanceof Failed failed) {
            throw unlisted(failed, secondsLeft(failed));
        }
        return ((Listed) entry).sets();
    }

    private static PolicyStoreException unlisted(Failed failed, int retryAfterSeconds) {
        return new PolicyStoreException("the policy store cannot list the stored policy sets now; retry after "
                + retryAfterSeconds + " s", failed.detail(), retryAfterSeconds, null);
    }

    /** Lists the prefix in one S3 slot, within one lookup's time; a failure is remembered and backed off. */
    private Lookup fetchListing(Entry current) throws PolicyStoreException {
        long deadline = System.nanoTime() + timeouts.lookup().toNanos();
        long[] s3Nanos = {-1};
        acquireSlot("list the stored policy sets");
        try {
            return new Lookup(new Listed(listObjects(deadline, s3Nanos), clock.instant().plus(notFoundTtl)),
                    StoreOutcome.FETCHED, s3Nanos[0], null);
        } catch (SdkException e) {
            String detail = "cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage();
            int failures = current instanceof Failed failed ? failed.failures() + 1 : 1;
            return new Lookup(new Failed(clock.instant().plus(backoff(failures)), failures, detail),
                    StoreOutcome.ERROR, s3Nanos[0], detail);
        } finally {
            s3Calls.release();
        }
    }

    private List<PolicySetListing> listObjects(long deadline, long[] s3Nanos) {
        TreeMap<String, String> keys = new TreeMap<>();
        int seen = 0;
        String token = null;
        do {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .continuationToken(token).overrideConfiguration(within(deadline)).build();
            long start = System.nanoTime();
            ListObjectsV2Response page;
            try {
                page = s3.listObjectsV2(request);
            } finally {
                s3Nanos[0] = Math.max(s3Nanos[0], 0) + System.nanoTime() - start;
            }
            for (S3Object object : page.contents()) {
                if (++seen > MAX_LISTED) {
                    break;
                }
                String name = object.key().substring(prefix.length());
                for (String extension : EXTENSIONS) {
                    String id = name.endsWith(extension) ? name.substring(0, name.length() - extension.length()) : null;
                    if (id != null && PolicySetIds.isValid(id)) {
                        keys.merge(id, object.key(), (a, b) -> rank(a) <= rank(b) ? a : b);
                    }
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null && seen < MAX_LISTED);
        List<PolicySetListing> sets = new ArrayList<>();
        // the object's name under the prefix, as errors name it: the prefix and bucket are the operator's to know
        keys.forEach((id, key) -> sets.add(new PolicySetListing(id, PolicySetListing.BUCKET,
                "stored as " + key.substring(prefix.length()) + " in the policy bucket")));
        return List.copyOf(sets);
    }

    /** Keys read by one listing, at most: the list is for people, and must not take a Lambda's whole timeout. */
    static final int MAX_LISTED = 10_000;

    private static int rank(String key) {
        for (int i = 0; i < EXTENSIONS.size(); i++) {
            if (key.endsWith(EXTENSIONS.get(i))) {
                return i;
            }
        }
        return EXTENSIONS.size();
    }

    /** Waits until no lookup is running: for tests, which then see the cache a refresh left. */
    void awaitLookups() throws InterruptedException {
        while (!inFlight.isEmpty()) {
            for (CompletableFuture<Lookup> running : inFlight.values()) {
                try {
                    running.get();
                } catch (ExecutionException e) {
                    // its callers saw the failure; only the wait matters here
                }
            }
        }
    }

    private LoadedPolicySet answer(String id, Entry entry)
            throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException {
        if (entry instanceof Found found) {
            if (found.invalid() != null) {
                throw found.invalid();
            }
            return new LoadedPolicySet(found.set(), found.stale());
        }
        if (entry instanceof Failed failed) {
            throw unavailable(id, failed, secondsLeft(failed));
        }
        throw new PolicySetNotFoundException(id);
    }

    /** The whole seconds left of a failure's back-off, at least 1. */
    private int secondsLeft(Failed failed) {
        Duration left = Duration.between(clock.instant(), failed.expires());
        return (int) Math.max(1, (left.toMillis() + 999) / 1000);
    }

    private static PolicyStoreException unavailable(String id, Failed failed, int retryAfterSeconds) {
        return new PolicyStoreException("the policy store cannot load policy set \"" + id + "\" now; retry after "
                + retryAfterSeconds + " s", failed.detail(), retryAfterSeconds, null);
    }

    /** Joins the lookup of {@code id} that is running, or starts one: here, or in the background. */
    private Flight begin(String id, boolean background) {
        CompletableFuture<Lookup> mine = new CompletableFuture<>();
        CompletableFuture<Lookup> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            return new Flight(running, false);
        }
        if (!background) {
            lookUp(id, mine);
        } else {
            try {
                refresher.execute(() -> lookUp(id, mine));
            } catch (RejectedExecutionException e) {
                // every refresh thread is busy: the copy answers, and a later request starts the refresh
                inFlight.remove(id, mine);
                mine.complete(Lookup.remembered(cache.get(id)));
            }
        }
        return new Flight(mine, true);
    }

    /** Looks {@code id} up; the cache holds the result before the lookup leaves {@code inFlight}. */
    private void lookUp(String id, CompletableFuture<Lookup> mine) {
        Lookup next;
        try {
            Entry latest = cache.get(id);
            // the SDK counts attempts in the request log of the thread that calls it
            int attemptsBefore = RequestRecord.current().s3Attempts();
            // another lookup may have finished between this caller's look at the cache and its start
            next = latest != null && clock.instant().isBefore(latest.expires()) ? Lookup.remembered(latest)
                    : (LISTING.equals(id) ? fetchListing(latest) : fetch(id, latest))
                            .withAttempts(RequestRecord.current().s3Attempts() - attemptsBefore);
            cache.put(id, next.entry());
        } catch (PolicyStoreException | RuntimeException e) {
            inFlight.remove(id, mine);
            mine.completeExceptionally(e);
            return;
        }
        inFlight.remove(id, mine);
        mine.complete(next);
    }

    private Lookup waitBriefly(CompletableFuture<Lookup> refresh, Found copy) {
        try {
            return refresh.get(timeouts.revalidationWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Lookup.remembered(copy);
        } catch (ExecutionException | TimeoutException e) {
            return Lookup.remembered(copy);
        }
    }

    private static Lookup await(CompletableFuture<Lookup> running) throws PolicyStoreException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyStoreException("interrupted while waiting for the policy set", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PolicyStoreException storeFailure) {
                RequestRecord.current().store(StoreOutcome.ERROR);
                RequestRecord.current().storeFailure(storeFailure.detail());
                throw storeFailure;
            }
            throw new IllegalStateException("loading the policy set failed", cause);
        }
    }

    /** What {@code id} resolves to now; S3's failures become a stale copy or a remembered failure. */
    private Lookup fetch(String id, Entry current) throws PolicyStoreException {
        long deadline = System.nanoTime() + timeouts.lookup().toNanos();
        long[] s3Nanos = {-1};
        String key = current instanceof Found found ? found.key() : prefix + id + EXTENSIONS.get(0);
        try {
            if (current instanceof Found found) {
                Entry revalidated = revalidate(id, found, deadline, s3Nanos);
                if (revalidated != null) {
                    // a 304 keeps the very same set (or reason it is invalid)
                    boolean unchanged = revalidated instanceof Found again && again.set() == found.set()
                            && again.invalid() == found.invalid();
                    return new Lookup(revalidated, unchanged ? StoreOutcome.REVALIDATED : StoreOutcome.FETCHED,
                            s3Nanos[0], null);
                }
            }
            for (String extension : EXTENSIONS) {
                key = prefix + id + extension;
                try {
                    return new Lookup(get(id, extension, null, deadline, s3Nanos), StoreOutcome.FETCHED, s3Nanos[0],
                            null);
                } catch (S3Exception e) {
                    if (!isMissingKey(e)) {
                        throw e;
                    }
                }
            }
            return new Lookup(new Missing(clock.instant().plus(notFoundTtl)), StoreOutcome.NOT_FOUND, s3Nanos[0], null);
        } catch (SdkException | UncheckedIOException e) {
            Instant now = clock.instant();
            String detail = "GET s3://" + bucket + "/" + key + ": " + e.getMessage();
            if (current instanceof Found found) {
                return new Lookup(new Found(found.key(), found.etag(), found.set(), found.invalid(),
                        now.plus(backoff(found.failures() + 1)), found.failures() + 1), StoreOutcome.STALE,
                        s3Nanos[0], detail);
            }
            int failures = current instanceof Failed failed ? failed.failures() + 1 : 1;
            return new Lookup(new Failed(now.plus(backoff(failures)), failures, detail), StoreOutcome.ERROR,
                    s3Nanos[0], detail);
        }
    }

    static Duration backoff(int failures) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 16));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /** The cached object again, if changed; the copy for another TTL on 304; null when the object is gone. */
    private Entry revalidate(String id, Found current, long deadline, long[] s3Nanos) throws PolicyStoreException {
        try {
            String extension = current.key().substring(current.key().lastIndexOf('.'));
            return get(id, extension, current.etag(), deadline, s3Nanos);
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return current.fresh(clock.instant().plus(ttl));
            }
            if (isMissingKey(e)) {
                return null;
            }
            throw e;
        }
    }

    /** A 404 for the key itself; a missing bucket is a misconfigured store, not a missing set. */
    private static boolean isMissingKey(S3Exception e) {
        return e.statusCode() == 404
                && (e.awsErrorDetails() == null || !"NoSuchBucket".equals(e.awsErrorDetails().errorCode()));
    }

    private Entry get(String id, String extension, String ifNoneMatch, long deadline, long[] s3Nanos)
            throws PolicyStoreException {
        acquireSlot("load \"" + id + "\"");
        try {
            return send(id, extension, ifNoneMatch, deadline, s3Nanos);
        } finally {
            s3Calls.release();
        }
    }

    /**
     * One GET within what is left of the lookup's time, the wait for its slot included. S3's time, added to
     * {@code s3Nanos}, is the call and the read, not the parse after it.
     */
    private Entry send(String id, String extension, String ifNoneMatch, long deadline, long[] s3Nanos) {
        String key = prefix + id + extension;
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key)
                .overrideConfiguration(within(deadline));
        if (ifNoneMatch != null) {
            request.ifNoneMatch(ifNoneMatch);
        }
        long start = System.nanoTime();
        boolean timed = false;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
            GetObjectResponse response = in.response();
            String etag = response.eTag();
            String version = response.versionId() != null && !"null".equals(response.versionId())
                    ? response.versionId() : unquote(etag);
            Instant expires = clock.instant().plus(ttl);
            Long length = response.contentLength();
            // named by its name under the prefix: an answer must not tell callers the bucket's layout
            String name = id + extension;
            if (length != null && length > MAX_SET_BYTES) {
                in.abort();
                return new Found(key, etag, null, new InvalidPolicySetException(name, -1, -1, "the policy set is "
                        + length + " bytes, over the limit of " + MAX_SET_BYTES), expires, 0);
            }
            byte[] content = in.readAllBytes();
            s3Nanos[0] = Math.max(s3Nanos[0], 0) + System.nanoTime() - start;
            timed = true;
            try {
                return new Found(key, etag, loader.load(id, version, name, content), null, expires, 0);
            } catch (InvalidPolicySetException e) {
                return new Found(key, etag, null, e, expires, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!timed) {
                s3Nanos[0] = Math.max(s3Nanos[0], 0) + System.nanoTime() - start;
            }
        }
    }

    /** A call's time limits: what is left of the lookup's time, and an attempt's limit within it. */
    private AwsRequestOverrideConfiguration within(long deadline) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw SdkClientException.create("the lookup's " + timeouts.lookup().toMillis() + " ms ran out");
        }
        Duration attempt = left.compareTo(timeouts.attempt()) < 0 ? left : timeouts.attempt();
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).apiCallAttemptTimeout(attempt).build();
    }

    /** One of the S3 slots, for the call that will {@code what}; busy (a 503 naming only that) if none frees. */
    private void acquireSlot(String what) throws PolicyStoreException {
        boolean acquired;
        try {
            acquired = s3Calls.tryAcquire(timeouts.permitWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new PolicyStoreException("the policy store is busy loading other policy sets and cannot " + what
                    + " now; retry after 1 s", "all " + timeouts.concurrentCalls()
                    + " S3 request slots stayed busy for " + timeouts.permitWait().toMillis() + " ms", 1, null);
        }
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }
}
