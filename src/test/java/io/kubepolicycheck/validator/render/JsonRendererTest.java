package io.kubepolicycheck.validator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.validator.verdict.Mutation;
import io.kubepolicycheck.validator.verdict.PatchOperation;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.verdict.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
    /** Lists in lists, deeper than a verdict ever nests by itself. */
    private static Object nested(int depth) {
        Object value = "bottom";
        for (int i = 0; i < depth; i++) {
            value = i % 2 == 0 ? List.of(value) : Map.of("level", value);
        }
        return value;
    }

    private static void assertSameAsDataBinding(Verdict verdict) throws Exception {
        // Data binding's UTF-8 writer, as the renderer writes: the same text but for a lone surrogate, escaped there.
        assertEquals(new String(Json.PRETTY.writeValueAsBytes(verdict), StandardCharsets.UTF_8) + "\n",
                JsonRenderer.INSTANCE.render(verdict));
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
    void everyCharacterIsEscapedAsDataBindingEscapesIt() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\uFEFF\uFFFF\uD83D\uDE00\uD800 lone \uDC00 end");
        String text = all.toString();
        Violation v = new Violation(text, text, text, 1, 1, text);
        ResourceVerdict r = new ResourceVerdict(text, 0, 1, text, text, text, text, true, false, text, text,
                List.of(v), List.of(text, ""), List.of(v), Map.of(text, text, "", ""), List.of(new Mutation(text, text)),
                List.of(new PatchOperation(text, text, Map.of(text, text))));
        Verdict verdict = Verdict.of(new PolicySetRef(text, text, false), List.of(r));
        assertSameAsDataBinding(verdict);
        String json = JsonRenderer.INSTANCE.render(verdict);
        assertTrue(json.contains("\uD83D\uDE00\\uD800 lone \\uDC00 end"), "a pair as itself, a lone surrogate escaped");
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
                        new Mutation("spec.j", new BigDecimal("1e400")), new Mutation("spec.k", new BigDecimal("1.50")),
                        new Mutation("spec.l", Double.NaN), new Mutation("spec.m", Float.NEGATIVE_INFINITY),
                        new Mutation("spec.n", 2.5f), new Mutation("spec.o", new BigInteger("123456789012345678901234567890")),
                        new Mutation("spec.p", (short) 3), new Mutation("spec.q", List.of()), new Mutation("spec.r", Map.of()),
                        new Mutation("spec.s", nested(70)), new Mutation("spec.t", new java.util.concurrent.atomic.AtomicLong(9)),
                        new Mutation("spec.u", new Object[] {"a", 1, null}),
                        new Mutation("spec.w", new LinkedHashMap<>(Map.of("k", List.of(Map.of("a", 1.25)))))),
                List.of(new PatchOperation("add", "/metadata/annotations/kubernetes.io~1psp", "restricted"),
                        new PatchOperation("replace", "/spec/a", nested(70)),
                        new PatchOperation("add", "/spec/b", new LinkedHashMap<>(Map.of("c", List.of(1L, Map.of("d", true))))),
                        new PatchOperation("add", "/spec/e", null)));
        ResourceVerdict sparse = new ResourceVerdict(null, 0, 1, null, null, null, null, false, true, null, null,
                null, null, null, null, null, null);
        assertSameAsDataBinding(Verdict.of(new PolicySetRef("set", "v1", true), List.of(full, sparse)));
        assertSameAsDataBinding(new Verdict(true, new PolicySetRef(null, null), null, List.of()));
        assertSameAsDataBinding(new Verdict(false, null, "none", List.of(sparse)));
        assertSameAsDataBinding(SampleVerdicts.withErrors());
    }
}
