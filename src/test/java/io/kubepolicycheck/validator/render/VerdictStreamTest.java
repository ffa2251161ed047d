package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A big input's resources are prepared for the output on the threads that judge them ({@link VerdictStream#prepare})
 * and only copied in order by the writing one: the bytes must be those of the whole verdict written at once.
 */
class VerdictStreamTest {
    private static String streamedFromPreparedResources(Format format, Verdict verdict) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VerdictStream stream = VerdictStream.of(format, verdict.policySet(), out)) {
            stream.begin();
            for (ResourceVerdict r : verdict.resources()) {
                stream.resource(stream.prepare(r));
            }
            verdict.errors().forEach(stream::error);
            stream.finish();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void resourcesPreparedApartAreWrittenAsTheWholeVerdictWritesThem(Format format) throws Exception {
        for (Verdict verdict : List.of(SampleVerdicts.fromValidator("deploy/web.yaml"), SampleVerdicts.mixed(),
                SampleVerdicts.many(3, 2), SampleVerdicts.withErrors(), SampleVerdicts.allowed())) {
            assertEquals(VerdictRenderer.of(format).render(verdict), streamedFromPreparedResources(format, verdict));
        }
    }
}
