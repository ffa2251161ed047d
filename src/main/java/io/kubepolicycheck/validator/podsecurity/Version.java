package io.kubepolicycheck.validator.podsecurity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Pod Security Standards policy version: {@code latest} or {@code v1.N}. */
public record Version(int major, int minor) implements Comparable<Version> {
    public static final Version LATEST = new Version(Integer.MAX_VALUE, Integer.MAX_VALUE);
    /** Upstream's form: no leading zero, and a minor version an int holds. */
    private static final Pattern FORM = Pattern.compile("v1\\.(0|[1-9][0-9]{0,8})");

    public static Version of(int major, int minor) {
        return new Version(major, minor);
    }

    public static Version parse(String text) {
        if (text == null || text.isEmpty() || "latest".equals(text)) {
            return LATEST;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid Pod Security version \"" + text
                    + "\" (expected latest or v1.N)");
        }
        return new Version(1, Integer.parseInt(m.group(1)));
    }

    public boolean isLatest() {
        // the fields, not the record's equals: its first call costs a cold start several milliseconds
        return major == LATEST.major && minor == LATEST.minor;
    }

    @Override
    public int compareTo(Version o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    public boolean atLeast(Version o) {
        return compareTo(o) >= 0;
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : "v" + major + "." + minor;
    }
}
