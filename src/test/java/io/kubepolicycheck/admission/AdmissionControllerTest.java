package io.kubepolicycheck.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdmissionControllerTest {
    @Test
    void shortWarningsAreKept() {
        assertEquals("would violate PodSecurity", AdmissionController.truncate("would violate PodSecurity"));
    }

    @Test
    void warningsBecomeOneLineUnder256Characters() {
        String cut = AdmissionController.truncate("a\nb" + "x".repeat(400));

        assertEquals(AdmissionController.MAX_WARNING_LENGTH, cut.length());
        assertTrue(cut.startsWith("a b"));
        assertTrue(cut.endsWith("..."));
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(AdmissionController.MAX_WARNING_LENGTH - 4) + emoji + "tail";

        String cut = AdmissionController.truncate(text);

        assertTrue(cut.length() <= AdmissionController.MAX_WARNING_LENGTH);
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 4)), cut);
    }
}
