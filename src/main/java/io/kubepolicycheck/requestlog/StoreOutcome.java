package io.kubepolicycheck.requestlog;

/** How the policy store answered a load, as the request log and the metrics name it. */
public enum StoreOutcome {
    /** a built-in set, from the classpath */
    BUILTIN("builtin"),
    /** a stored set still within its TTL: no S3 call */
    CACHE_HIT("cache-hit"),
    /** the cached copy, confirmed unchanged by a conditional GET (304) */
    REVALIDATED("revalidated"),
    /** read from S3 (or the folder) */
    FETCHED("fetched"),
    /** S3 failed; the cached copy was served, marked stale */
    STALE("stale"),
    /** no such set */
    NOT_FOUND("not-found"),
    /** S3 failed and nothing was cached: the caller got 503 */
    ERROR("error");

    private final String id;

    StoreOutcome(String id) {
        this.id = id;
    }

    /** The name in log lines and the metric dimension's value. */
    public String id() {
        return id;
    }
}
