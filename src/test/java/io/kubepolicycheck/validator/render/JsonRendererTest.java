package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The streaming verdict writer must give the bytes that data binding gives for the verdict records (their field
 * order and {@code @JsonInclude} rules): a record component added, renamed or re-annotated without the writer
 * following fails here.
 */
class JsonRendererTest {
    private static void assertSameAsDataBinding(Verdict verdict) throws Exception {
        assertEquals(Json.PRETTY.writeValueAsString(verdict) + "\n", JsonRenderer.INSTANCE.render(verdict));
    }

    @Test
    void aVerdictOfTheValidatorIsWrittenAsDataBindingWritesIt() throws Exception {
        assertSameAsDataBinding(SampleVerdicts.fromValidator("deploy/web.yaml"));
        assertSameAsDataBinding(SampleVerdicts.fromValidator(null));
    }

    @Test
    void oddContentAndEveryOptionalFieldAreWrittenAsDataBindingWritesThem() throws Exception {
        assertSameAsDataBinding(SampleVerdicts.mixed());
        assertSameAsDataBinding(SampleVerdicts.allowed());
        assertSameAsDataBinding(SampleVerdicts.many(3, 2));
    }

    @Test
    void auditFindingsAnnotationsAndMutationValuesOfEveryShape() throws Exception {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("pod-security.kubernetes.io/enforce-policy", "restricted:latest");
        annotations.put("pod-security.kubernetes.io/audit-violations", "would violate \"x\"\n\ttab \u2028 \uD83D\uDE00");
        Violation finding = new Violation("PodSecurity/restricted:latest", "runAsNonRoot", null, 3, 5, null);
        ResourceVerdict full = new ResourceVerdict("a.yaml", 1, 2, "v1", "Pod", "ns", "p", true, true, "psp-a",
                "denied; and more", List.of(finding), List.of("w"), List.of(finding), annotations,
                List.of(new Mutation("spec.a", 1000L), new Mutation("spec.b", 7), new Mutation("spec.c", "RuntimeDefault"),
                        new Mutation("spec.d", true), new Mutation("spec.e", null),
                        new Mutation("spec.f", List.of("ALL", List.of(1L, false))), new Mutation("spec.g", Set.of("x")),
                        new Mutation("spec.h", Map.of("type", "RuntimeDefault")), new Mutation("spec.i", 1.5),
                        new Mutation("spec.j", new BigDecimal("1e400"))));
        ResourceVerdict sparse = new ResourceVerdict(null, 0, 1, null, null, null, null, false, true, null, null,
                null, null, null, null, null);
        assertSameAsDataBinding(Verdict.of(new PolicySetRef("set", "v1", true), List.of(full, sparse)));
        assertSameAsDataBinding(new Verdict(true, new PolicySetRef(null, null), null, List.of()));
        assertSameAsDataBinding(new Verdict(false, null, "none", List.of(sparse)));
    }
}
