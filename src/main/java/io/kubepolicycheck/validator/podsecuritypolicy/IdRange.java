package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/** An inclusive range of user or group ids; prints as Go's {@code %v} of {@code IDRange}: {@code {1 65535}}. */
public record IdRange(long min, long max) {
    public boolean contains(long id) {
        return id >= min && id <= max;
    }

    public static boolean anyContains(List<IdRange> ranges, long id) {
        for (IdRange r : ranges) {
            if (r.contains(id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "{" + min + " " + max + "}";
    }
}
