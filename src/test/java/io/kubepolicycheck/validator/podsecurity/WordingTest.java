package io.kubepolicycheck.validator.podsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's quoting and ordering, which upstream's messages depend on. */
class WordingTest {
    @Test
    void goQuoteEscapesAsStrconvQuote() {
        assertEquals("\"unconfined\"", Wording.goQuote("unconfined"));
        assertEquals("\"a\\\"b\\\\c\"", Wording.goQuote("a\"b\\c"));
        assertEquals("\"\\a\\b\\f\\n\\r\\t\\v\\x00\\x1b\\x7f\"", Wording.goQuote("\u0007\b\f\n\r\t\u000b\u0000\u001b\u007f"));
        assertEquals("\"caf\u00e9 \u2603 \ud83d\ude00\"", Wording.goQuote("caf\u00e9 \u2603 \ud83d\ude00"));
        assertEquals("\"\\u00a0\\u200b\\U000e0001\"", Wording.goQuote("\u00a0\u200b\udb40\udc01"));
        assertEquals("\"\ufffd\"", Wording.goQuote("\ud800"));
    }

    @Test
    void sortedSetUsesGoByteOrderAndDropsDuplicates() {
        assertEquals(List.of("20", "8080", "9"), Wording.sortedSet(List.of("9", "8080", "20", "9")));
        assertEquals(List.of("NET_RAW", "SYS_ADMIN", "chown"), Wording.sortedSet(List.of("chown", "SYS_ADMIN", "NET_RAW")));
        // U+FF5E sorts before U+1F600 in UTF-8 (and code points), although its UTF-16 unit is larger.
        assertEquals(List.of("\uff5e", "\ud83d\ude00"), Wording.sortedSet(List.of("\ud83d\ude00", "\uff5e")));
    }

    @Test
    void containersArePluralized() {
        assertEquals("container \"a\"", Wording.container("a"));
        assertEquals("containers \"a\", \"b\"", Wording.containers(List.of("a", "b")));
        assertEquals(Wording.container("a"), Wording.containers(List.of("a")));
        assertEquals("\"a\"", Wording.joinQuote(List.of("a")));
        assertEquals("", Wording.joinQuote(List.of()));
    }
}
