package io.kubepolicycheck.validator.manifest;

import java.util.Comparator;

/**
 * Go's order of strings ({@code <}, {@code sort.Strings}, a map's keys when {@code encoding/json} writes them):
 * by their UTF-8 bytes, which is the order of their code points, not Java's order of UTF-16 units.
 */
public final class GoStringOrder {
    public static final Comparator<String> ORDER = GoStringOrder::compare;

    private GoStringOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
