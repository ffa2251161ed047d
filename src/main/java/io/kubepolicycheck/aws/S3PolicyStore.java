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
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetUrlRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Policy sets from S3: the object {@code <prefix><id>.yaml}, {@code .yml} or {@code .json}.
 *
 * <p>A loaded set is used for the TTL, then revalidated with a conditional GET ({@code If-None-Match}); a 304
 * keeps the copy for another TTL. Concurrent loads of one id share one S3 request. When S3 fails, a cached copy
 * is served marked stale (and S3 is retried after {@link #FAILURE_BACKOFF} at the latest, so an outage does not
 * cost every request a failed call); with no copy the load fails with {@link PolicyStoreException}. A set that
 * does not parse is remembered by its ETag too, so it is not downloaded again until it changes.
 */
public final class S3PolicyStore implements PolicyStore {
    static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
    /** How long a stale copy is served before S3 is asked again, at most. */
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);
    /** The loader's own bound on a set's size; a larger object is refused before it is read. */
    static final int MAX_SET_BYTES = 8 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Duration ttl;
    private final InstantSource clock;
    private final PolicySetLoader loader = new PolicySetLoader();
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

    public S3PolicyStore(S3Client s3, String bucket, String prefix, Duration ttl, InstantSource clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** What one id resolved to: a set or the reason it is invalid, the object it came from and until when. */
    private record Entry(String key, String etag, PolicySet set, InvalidPolicySetException invalid, Instant expires,
                         boolean stale) {
        LoadedPolicySet answer() throws InvalidPolicySetException {
            if (invalid != null) {
                throw invalid;
            }
            return new LoadedPolicySet(set, stale);
        }

        Entry until(Instant when, boolean isStale) {
            return new Entry(key, etag, set, invalid, when, isStale);
        }
    }

    @Override
    public LoadedPolicySet load(String id) throws PolicySetNotFoundException, InvalidPolicySetException, PolicyStoreException {
        if (!PolicySetIds.isValid(id)) {
            RequestRecord.current().store(StoreOutcome.NOT_FOUND);
            throw new PolicySetNotFoundException(id);
        }
        Entry cached = cache.get(id);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            // a stale copy within its failure backoff is still a stale answer
            RequestRecord.current().store(cached.stale() ? StoreOutcome.STALE : StoreOutcome.CACHE_HIT);
            return cached.answer();
        }
        return refresh(id).answer();
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
     * Every cached set expires now: the expiry was measured before the snapshot, so the next load revalidates
     * each set with S3 (a conditional GET, 304 when unchanged) instead of trusting a clock that jumped.
     */
    @Override
    public void afterRestore() {
        Instant now = clock.instant();
        cache.replaceAll((id, entry) -> entry.until(now, entry.stale()));
    }

    /**
     * The sets under the prefix, from {@code ListObjectsV2} (the {@code s3:ListBucket} the template already grants
     * for the prefix): each key {@code <prefix><id>.yaml}, {@code .yml} or {@code .json} directly under it whose id
     * is valid, the first extension a load would try winning. At most {@value #MAX_LISTED} keys are read.
     */
    @Override
    public List<PolicySetListing> list() throws PolicyStoreException {
        TreeMap<String, String> keys = new TreeMap<>();
        int seen = 0;
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
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
        } catch (SdkException e) {
            throw new PolicyStoreException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        List<PolicySetListing> sets = new ArrayList<>();
        keys.forEach((id, key) -> sets.add(new PolicySetListing(id, PolicySetListing.BUCKET,
                "stored as " + key + " in the policy bucket")));
        return sets;
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

    /** One caller per id fetches; the others wait for its result. */
    private Entry refresh(String id) throws PolicySetNotFoundException, PolicyStoreException {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            // another request's S3 call answered this one too
            Entry shared = await(running);
            RequestRecord.current().store(shared.stale() ? StoreOutcome.STALE : StoreOutcome.FETCHED);
            return shared;
        }
        try {
            Entry current = cache.get(id);
            boolean fresh = current != null && clock.instant().isBefore(current.expires());
            if (fresh) {
                RequestRecord.current().store(current.stale() ? StoreOutcome.STALE : StoreOutcome.CACHE_HIT);
            }
            Entry next = fresh ? current : fetch(id, current);
            cache.put(id, next);
            mine.complete(next);
            return next;
        } catch (PolicySetNotFoundException | PolicyStoreException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(id, mine);
        }
    }

    private static Entry await(CompletableFuture<Entry> running) throws PolicySetNotFoundException, PolicyStoreException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyStoreException("interrupted while waiting for the policy set", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PolicySetNotFoundException notFound) {
                throw notFound;
            }
            if (cause instanceof PolicyStoreException storeFailure) {
                throw storeFailure;
            }
            throw new PolicyStoreException("loading the policy set failed: " + cause, cause);
        }
    }

    private Entry fetch(String id, Entry current) throws PolicySetNotFoundException, PolicyStoreException {
        try {
            if (current != null) {
                Entry revalidated = revalidate(id, current);
                if (revalidated != null) {
                    return revalidated;
                }
            }
            for (String extension : EXTENSIONS) {
                String key = prefix + id + extension;
                try {
                    Entry fetched = get(id, key, null);
                    RequestRecord.current().store(StoreOutcome.FETCHED);
                    return fetched;
                } catch (S3Exception e) {
                    if (!isMissingKey(e)) {
                        throw e;
                    }
                }
            }
            cache.remove(id);
            RequestRecord.current().store(StoreOutcome.NOT_FOUND);
            throw new PolicySetNotFoundException(id);
        } catch (SdkException | UncheckedIOException e) {
            RequestRecord.current().storeFailure(e.getMessage());
            RequestRecord.current().store(current != null ? StoreOutcome.STALE : StoreOutcome.ERROR);
            if (current != null) {
                Instant now = clock.instant();
                Duration backoff = ttl.compareTo(FAILURE_BACKOFF) < 0 ? ttl : FAILURE_BACKOFF;
                return current.until(now.plus(backoff), true);
            }
            throw new PolicyStoreException("cannot read policy set \"" + id + "\" from s3://" + bucket + "/" + prefix
                    + ": " + e.getMessage(), e);
        }
    }

    /** The cached object again, if changed; the copy for another TTL on 304; null when the object is gone. */
    private Entry revalidate(String id, Entry current) {
        try {
            Entry changed = get(id, current.key(), current.etag());
            RequestRecord.current().store(StoreOutcome.FETCHED);
            return changed;
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                RequestRecord.current().store(StoreOutcome.REVALIDATED);
                return current.until(clock.instant().plus(ttl), false);
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

    private Entry get(String id, String key, String ifNoneMatch) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (ifNoneMatch != null) {
            request.ifNoneMatch(ifNoneMatch);
        }
        // S3's time is the call and the read, not the parse after it
        long start = System.nanoTime();
        boolean timed = false;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
            GetObjectResponse response = in.response();
            String etag = response.eTag();
            String version = response.versionId() != null && !"null".equals(response.versionId())
                    ? response.versionId() : unquote(etag);
            Instant expires = clock.instant().plus(ttl);
            Long length = response.contentLength();
            if (length != null && length > MAX_SET_BYTES) {
                in.abort();
                return new Entry(key, etag, null, new InvalidPolicySetException(key, -1, -1, "the policy set is "
                        + length + " bytes, over the limit of " + MAX_SET_BYTES), expires, false);
            }
            byte[] content = in.readAllBytes();
            RequestRecord.current().s3(System.nanoTime() - start);
            timed = true;
            try {
                return new Entry(key, etag, loader.load(id, version, key, content), null, expires, false);
            } catch (InvalidPolicySetException e) {
                return new Entry(key, etag, null, e, expires, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!timed) {
                RequestRecord.current().s3(System.nanoTime() - start);
            }
        }
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }
}
