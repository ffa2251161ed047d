package io.kubepolicycheck.validator.podsecuritypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.manifest.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capability rules on their own, including the errors that admission's defaulting never lets through. */
class CapabilitiesStrategyTest {
    static Value<Capabilities> caps(String yaml) throws Exception {
        Node root = new ManifestParser().documents("apiVersion: v1\nkind: X\ncaps: " + yaml).get(0);
        return new Value<>(Capabilities.of(root.get("caps")), root.get("caps"));
    }

    @Test
    void aMissingRequiredDropIsReportedWithTheDropList() throws Exception {
        List<FieldError> out = new ArrayList<>();
        new CapabilitiesStrategy(List.of(), List.of("NET_RAW"), List.of()).validate("sc", caps("{drop: [KILL]}"), out);
        assertEquals("sc.capabilities.drop: Invalid value: []core.Capability{\"KILL\"}: NET_RAW is required to be dropped but was not found",
                out.get(0).toString());
    }

    @Test
    void noCapabilitiesWithRequiredOnesIsReported() {
        List<FieldError> out = new ArrayList<>();
        new CapabilitiesStrategy(List.of(), List.of("ALL"), List.of()).validate("sc", new Value<>(null, null), out);
        assertEquals("sc.capabilities: Invalid value: \"null\": required capabilities are not set on the securityContext", out.get(0).toString());
    }

    @Test
    void defaultsAreAddedUnlessDroppedAndSortedAsKubernetesSetsAre() throws Exception {
        CapabilitiesStrategy s = new CapabilitiesStrategy(List.of("SETUID", "CHOWN"), List.of("NET_RAW", "KILL"), List.of());
        Capabilities generated = s.generate(caps("{add: [SYS_TIME], drop: [SETUID]}").value());
        assertEquals(List.of("CHOWN", "SYS_TIME"), generated.add());
        assertEquals(List.of("KILL", "NET_RAW", "SETUID"), generated.drop());
        assertNull(s.generate(caps("{add: [CHOWN, SETUID], drop: [KILL, NET_RAW]}").value()));
    }
}
