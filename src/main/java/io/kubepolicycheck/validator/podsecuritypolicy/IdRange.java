package io.kubepolicycheck.validator.podsecuritypolicy;

/** An inclusive range of user or group ids; prints as Go's {@code %v} of {@code IDRange}: {@code {1 65535}}. */
public record IdRange(long min, long max) {
    public boolean contains(long id) {
        return id >= min && id <= max;
    }

    @Override
    public String toString() {
        return "{" + min + " " + max + "}";
    }
}
