package io.kubepolicycheck.validator.policyset;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Go's limits, on the patterns Go's own {@code regexp/syntax} tests refuse for them ({@code invalidRegexps}), and
 * on patterns at the edge that Go accepts.
 */
class GoRegexpLimitsTest {
    /** Go's error, compared whole but shown short: the patterns here run to megabytes. */
    private static void refused(String pattern, String code, String expr) {
        String actual = GoRegexpLimits.violation(pattern);
        assertTrue(("error parsing regexp: " + code + ": `" + expr + "`").equals(actual),
                () -> shortened(pattern) + " gave " + (actual == null ? null : shortened(actual)));
    }

    private static String shortened(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "… (" + s.length() + " chars)" : s;
    }

    @Test
    void countsOverAThousandOrBackwardsAreRefusedAsWritten() {
        for (String count : List.of("{1001}", "{9876543210}", "{2,1}", "{1,9876543210}", "{100000}", "{100000,}")) {
            refused("x" + count, "invalid repeat count", count);
        }
    }

    @Test
    void nestedCountsMayNotMakeMoreThanAThousandCopies() {
        refused("((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})", "invalid repeat count", "{2}");
        refused("(a{2}){501}", "invalid repeat count", "{501}");
        refused("(a{10}){101}?", "invalid repeat count", "{101}?");
        refused("(a{600}|b{2}){2}", "invalid repeat count", "{2}");
        refused("((a{600}){0,}){2}", "invalid repeat count", "{2}");
        refused("((a{600}){0,1}){2,}", "invalid repeat count", "{2,}");
        refused("(?:a{2}){501}x{1001}", "invalid repeat count", "{501}");
    }

    @Test
    void countsThatStayWithinAThousandCopiesAreAllowed() {
        for (String pattern : List.of("x{1000}", "(a{2}){500}", "(((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2})",
                "((a{600}){0}){2}", "a{600}b{600}", "(a{400}|b{2}){2}", "(a{600})*", "(a{10}){100}",
                "x{01}{2}", "\\{2}{501}", "[{]{2}", "\\Q(a{2}){501}\\E", "\\x{41}{1000}", "[(]{2}")) {
            assertNull(GoRegexpLimits.violation(pattern), pattern);
            Pattern.compile(pattern);
        }
    }

    @Test
    void aTreeDeeperThanAThousandIsRefused() {
        String captures = "(".repeat(1000) + ")".repeat(1000);
        refused(captures, "expression nests too deeply", captures);
        String stars = "(?:".repeat(1000) + ")*".repeat(1000);
        refused(stars, "expression nests too deeply", stars);
        String deep = "(".repeat(20000) + "a" + ")".repeat(20000);
        refused(deep, "expression nests too deeply", deep);
    }

    @Test
    void aTreeAThousandDeepIsAllowed() {
        for (String pattern : List.of("(".repeat(999) + ")".repeat(999), "(?:".repeat(999) + ")*".repeat(999),
                "(?:".repeat(20000) + "a" + ")".repeat(20000))) {
            assertNull(GoRegexpLimits.violation(pattern), pattern.substring(0, 10));
            Pattern.compile(pattern);
        }
    }

    @Test
    void aProgramOverGosSizeLimitIsRefused() {
        String wide = "(" + "(xx?)".repeat(1000) + "){1000}";
        refused(wide, "expression too large", wide);
        String sequence = "(xx?){1000}".repeat(1000);
        refused(sequence, "expression too large", sequence);
    }

    @Test
    void aProgramUnderGosSizeLimitIsAllowed() {
        // 600 copies of a 5-instruction group, 1000 times: 3 000 000 instructions, under Go's 3 355 443.
        String large = "(xx?){600}".repeat(1000);
        assertNull(GoRegexpLimits.violation(large));
    }

    // A hang guard, not a speed test: one pass over the text, however it is broken.
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aLongPatternIsReadInOnePass() {
        assertNull(GoRegexpLimits.violation("[" + "[:".repeat(1_000_000)));
        assertNull(GoRegexpLimits.violation("{1".repeat(1_000_000)));
        // Two instructions each: 4 000 000, over Go's 3 355 443.
        refused("x{2}".repeat(2_000_000), "expression too large", "x{2}".repeat(2_000_000));
    }

    @Test
    void brokenSyntaxIsLeftToTheCompile() {
        for (String pattern : List.of("(", ")", "[a", "a{2", "\\", "(?P<n", "[[:alpha:]", "\\Qab", "\\x{41", "{2}")) {
            assertNull(GoRegexpLimits.violation(pattern), pattern);
        }
    }
}
