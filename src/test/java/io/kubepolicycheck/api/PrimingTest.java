package io.kubepolicycheck.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicyStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PolicyApi#prime()}: every sample request is answered as a caller's would be, and the store primes too. */
class PrimingTest {
    /** A folder or bucket store that records the calls it gets. */
    private static final class RecordingStore implements PolicyStore {
        final List<String> calls = new ArrayList<>();

        @Override
        public LoadedPolicySet load(String id) throws io.kubepolicycheck.policystore.PolicySetNotFoundException {
            calls.add("load " + id);
            throw new io.kubepolicycheck.policystore.PolicySetNotFoundException(id);
        }

        @Override
        public void prime() {
            calls.add("prime");
        }

        @Override
        public void afterRestore() {
            calls.add("afterRestore");
        }
    }

    @Test
    void everySampleRequestIsAnsweredAndEveryFormatIsRendered() {
        RecordingStore configured = new RecordingStore();
        PolicyApi api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), configured), ApiSettings.DEFAULT);

        List<ApiResponse> answers = api.prime();

        int routes = Priming.requests().size();
        assertEquals(routes + Priming.storedFormatRequests().size(), answers.size());
        for (ApiResponse answer : answers.subList(0, routes - 1)) {
            assertEquals(200, answer.status(), answer.body());
        }
        ApiResponse malformed = answers.get(routes - 1);
        assertEquals(400, malformed.status());
        assertTrue(malformed.body().contains("INVALID_MANIFEST"), malformed.body());
        assertEquals(List.of("application/json", "text/plain; charset=utf-8", "text/markdown; charset=utf-8",
                        "application/sarif+json", "application/xml; charset=utf-8"),
                answers.subList(0, 5).stream().map(a -> a.header("content-type")).toList());
        assertEquals(List.of("denied", "denied", "denied", "denied", "denied", "allowed", "denied", "denied",
                        "allowed", "denied", "denied", "allowed", "ok"),
                answers.subList(0, 13).stream().map(ApiResponse::outcome).toList(),
                "the samples reach the checks: a bare Pod passes baseline only; a Deployment review only warns; "
                        + "the PodSecurityPolicy and SCC sets refuse the privileged Deployment");
        assertTrue(answers.get(11).body().contains("\"patchType\":\"JSONPatch\""), answers.get(11).body());
        assertTrue(answers.get(9).body().contains("PodSecurityPolicy: unable to admit pod"), answers.get(9).body());
        assertTrue(answers.get(10).body().contains("unable to validate against any security context constraint"),
                answers.get(10).body());
        assertEquals(List.of("prime"), configured.calls, "the configured store primes itself and is asked for nothing");
    }

    @Test
    void theSetFormatsOnlyAStoredSetUsesAreReadAndRefuseTheSample() {
        PolicyApi api = new PolicyApi(new BuiltinPolicySets(), ApiSettings.DEFAULT);

        List<ApiResponse> answers = api.prime();
        List<ApiResponse> storedFormats = answers.subList(Priming.requests().size(), answers.size());

        assertEquals(2, storedFormats.size());
        ApiResponse kubeCover = storedFormats.get(0);
        assertEquals(200, kubeCover.status(), kubeCover.body());
        assertTrue(kubeCover.body().contains("\"version\" : \"priming\""), kubeCover.body());
        assertTrue(kubeCover.body().contains("Privileged containers are not allowed"), kubeCover.body());
        ApiResponse podSecurityConfiguration = storedFormats.get(1);
        assertEquals(200, podSecurityConfiguration.status(), podSecurityConfiguration.body());
        assertTrue(podSecurityConfiguration.body().contains("would violate PodSecurity \\\"baseline:latest\\\""),
                podSecurityConfiguration.body());
        assertTrue(podSecurityConfiguration.body().contains("pod-security.kubernetes.io/audit-violations"),
                podSecurityConfiguration.body());
        assertEquals(List.of("denied", "denied"), storedFormats.stream().map(ApiResponse::outcome).toList());
    }

    @Test
    void afterARestoreTheStoreIsToldSo() {
        RecordingStore configured = new RecordingStore();
        PolicyApi api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), configured), ApiSettings.DEFAULT);

        api.afterRestore();

        assertEquals(List.of("afterRestore"), configured.calls);
    }
}
