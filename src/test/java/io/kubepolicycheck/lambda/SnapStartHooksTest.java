package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.policystore.PolicySetNotFoundException;
import io.kubepolicycheck.policystore.PolicyStore;
import io.kubepolicycheck.requestlog.Starts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRaC hooks SnapStart calls: priming before the snapshot, the store told after a restore. */
class SnapStartHooksTest {
    private static final class RecordingStore implements PolicyStore {
        final List<String> calls = new ArrayList<>();

        @Override
        public LoadedPolicySet load(String id) throws PolicySetNotFoundException {
            calls.add("load " + id);
            throw new PolicySetNotFoundException(id);
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

    private final RecordingStore configured = new RecordingStore();
    private final PolicyApi api = new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), configured),
            ApiSettings.DEFAULT);
    private final Starts starts = new Starts();
    private final SnapStartHooks hooks = new SnapStartHooks(() -> api, () -> starts);

    @Test
    void beforeTheCheckpointTheApiAndTheHandlerArePrimedWithoutAskingTheConfiguredStore() throws Exception {
        hooks.beforeCheckpoint(null);

        assertEquals(List.of("prime"), configured.calls);
        List<APIGatewayV2HTTPResponse> answers = SnapStartHooks.prime(api);
        assertEquals(SnapStartHooks.events().size(), answers.size());
        for (APIGatewayV2HTTPResponse answer : answers) {
            assertEquals(200, answer.getStatusCode(), answer.getBody());
        }
        assertEquals("text/plain; charset=utf-8", answers.get(0).getHeaders().get("content-type"));
    }

    @Test
    void afterARestoreTheStoreIsToldAndTheNextRequestIsARestore() throws Exception {
        assertEquals(Starts.COLD, starts.next());
        assertNull(starts.next());

        hooks.afterRestore(null);

        assertEquals(List.of("afterRestore"), configured.calls);
        assertEquals(Starts.RESTORE, starts.next());
        assertNull(starts.next());
    }

    @Test
    void primingUsesUpNeitherTheColdStartNorARestore() throws Exception {
        hooks.beforeCheckpoint(null);

        assertEquals(Starts.COLD, starts.next());
    }
}
