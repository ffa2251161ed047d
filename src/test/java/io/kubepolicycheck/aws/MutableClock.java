package io.kubepolicycheck.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves, so a TTL passes without waiting for it. */
final class MutableClock implements InstantSource {
    private volatile Instant now = Instant.parse("2026-11-22T06:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }
}
