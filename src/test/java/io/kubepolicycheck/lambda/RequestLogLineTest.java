package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request log line, written by hand, is the line data binding writes for the same fields. */
class RequestLogLineTest {
    @Test
    void oddRequestIdsAndPathsAreEscapedAsDataBindingEscapesThem() throws Exception {
        List<String> log = new ArrayList<>();
        ApiGatewayHandler handler = new ApiGatewayHandler(
                new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), null), ApiSettings.DEFAULT), log::add);
        String odd = "q\"uote \\ back\tslash \u0001\u001f \u00e9\u2028 \uD83D\uDE00";
        APIGatewayV2HTTPEvent event = ApiGatewayHandlerTest.event("GET", "/v1/" + odd, null, null, false);
        event.getRequestContext().setRequestId("id-" + odd);

        handler.handleRequest(event, null);

        assertEquals(1, log.size());
        JsonNode line = Json.MAPPER.readTree(log.get(0));
        assertTrue(line.path("durationMs").isIntegralNumber());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("requestId", "id-" + odd);
        expected.put("method", "GET");
        expected.put("path", "/v1/" + odd);
        expected.put("status", 404);
        expected.put("outcome", "NOT_FOUND");
        expected.put("durationMs", line.path("durationMs").asLong());
        assertEquals(Json.WRITER.writeValueAsString(expected), log.get(0));
    }
}
