package io.kubepolicycheck.requestlog;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which request is an environment's first: the first after init is a cold start, the first after a SnapStart
 * restore is a restore. One per process serving requests; priming has its own, so it does not use them up.
 */
public final class Starts {
    public static final String COLD = "cold";
    public static final String RESTORE = "restore";

    private final AtomicReference<String> pending = new AtomicReference<>(COLD);

    /** The process was restored from a snapshot: the next request is the first of this environment. */
    public void restored() {
        pending.set(RESTORE);
    }

    /** {@code cold} or {@code restore} for the first request since then, null for every other. */
    public String next() {
        return pending.getAndSet(null);
    }
}
