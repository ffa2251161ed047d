package io.kubepolicycheck.requestlog;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one request did, collected on its thread while it runs, for its log line: the policy set and how the
 * store answered for it, S3's time, the resources checked and denied. The API and the stores write to
 * {@link #current()}; an adapter calls {@link #begin()} before handing a request on and reads the record after.
 * Only ids, versions, counts, check names and S3's error message go in: nothing of the caller's body.
 */
public final class RequestRecord {
    private static final ThreadLocal<RequestRecord> CURRENT = ThreadLocal.withInitial(RequestRecord::new);

    private String policySet;
    private String policySetVersion;
    private boolean stale;
    private StoreOutcome store;
    private long s3Nanos = -1;
    private int s3Attempts;
    private String storeFailure;
    private int resourcesChecked = -1;
    private int resourcesDenied = -1;
    private final Set<String> deniedChecks = new TreeSet<>();

    /** A fresh record for the request about to run on this thread. */
    public static RequestRecord begin() {
        RequestRecord record = new RequestRecord();
        CURRENT.set(record);
        return record;
    }

    /** The record of the request running on this thread (one nobody reads, outside a request). */
    public static RequestRecord current() {
        return CURRENT.get();
    }

    /** The set a request was answered with: its id, its version, and whether the copy was stale. */
    public void policySet(String id, String version, boolean isStale) {
        policySet = id;
        policySetVersion = version;
        stale = isStale;
    }

    /** The set id a request named, before (or without) loading it. */
    public void policySetId(String id) {
        policySet = id;
    }

    public void store(StoreOutcome outcome) {
        store = outcome;
    }

    /** Time spent in S3 calls (each attempt, answered or failed); adds up over several calls. */
    public void s3(long nanos) {
        s3Nanos = Math.max(s3Nanos, 0) + nanos;
    }

    /** One HTTP attempt to S3 (a retry is another). */
    public void s3Attempt() {
        s3Attempts++;
    }

    /** Why the store failed (the SDK's message), logged at WARN or ERROR since the caller is not told. */
    public void storeFailure(String reason) {
        storeFailure = reason;
    }

    /** Counts of a verdict, and the checks that denied something. */
    public void resources(int checked, int denied, Set<String> checks) {
        resourcesChecked = checked;
        resourcesDenied = denied;
        deniedChecks.addAll(checks);
    }

    public String policySet() {
        return policySet;
    }

    public String policySetVersion() {
        return policySetVersion;
    }

    public boolean stale() {
        return stale;
    }

    public StoreOutcome store() {
        return store;
    }

    /** Whole milliseconds in S3, or -1 when S3 was not called. */
    public long s3Millis() {
        return s3Nanos < 0 ? -1 : s3Nanos / 1_000_000;
    }

    public int s3Attempts() {
        return s3Attempts;
    }

    public String storeFailure() {
        return storeFailure;
    }

    public int resourcesChecked() {
        return resourcesChecked;
    }

    public int resourcesDenied() {
        return resourcesDenied;
    }

    public Set<String> deniedChecks() {
        return deniedChecks;
    }
}
