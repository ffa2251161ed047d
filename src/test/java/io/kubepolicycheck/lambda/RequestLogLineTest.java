package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LayeredPolicyStore;
import io.kubepolicycheck.validator.render.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request log's lines stay one JSON object a line, whatever the request id and path hold. */
class RequestLogLineTest {
    @Test
    void oddRequestIdsAndPathsComeBackExactlyFromTheLine() throws Exception {
        List<String> log = new ArrayList<>();
        ApiGatewayHandler handler = new ApiGatewayHandler(
                new PolicyApi(new LayeredPolicyStore(new BuiltinPolicySets(), null), ApiSettings.DEFAULT), log::add);
        String odd = "q\"uote \\ back\tslash \n\u0001\u001f \u00e9\u2028 \uD83D\uDE00";
        APIGatewayV2HTTPEvent event = ApiGatewayHandlerTest.event("GET", "/v1/" + odd, null, null, false);
        event.getRequestContext().setRequestId("id-" + odd);

        handler.handleRequest(event, null);

        assertEquals(2, log.size(), log.toString());
        for (String line : log) {
            assertFalse(line.contains("\n"), line);
            JsonNode parsed = Json.MAPPER.readTree(line);
            assertEquals("id-" + odd, parsed.path("requestId").asText());
        }
        JsonNode request = Json.MAPPER.readTree(log.get(0));
        assertEquals("request", request.path("type").asText());
        assertEquals("/v1/" + odd, request.path("path").asText());
        assertEquals("other", request.path("route").asText());
        assertEquals(404, request.path("status").asInt());
        assertEquals("NOT_FOUND", request.path("outcome").asText());
    }
}
