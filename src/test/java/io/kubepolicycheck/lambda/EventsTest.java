package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.testing.JsonPatches;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every event in {@code events/} replayed through the handler as Lambda would deliver it (the events are read
 * with Lambda's own serializer), with its documented answer. The handler serves the built-in sets only, as
 * {@code sam local invoke} does when no bucket can be reached for other ids.
 */
class EventsTest {
    private static final ApiGatewayHandler HANDLER = new ApiGatewayHandler(ApiGatewayHandler.create(Map.of()), line -> { });

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    private static JsonNode error(APIGatewayV2HTTPResponse response, int status, String code, String requestId) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        JsonNode body = body(response);
        assertEquals(code, body.path("error").path("code").asText());
        assertEquals(requestId, body.path("requestId").asText());
        return body.path("error");
    }

    @ParameterizedTest
    @Event(value = "events/check-raw-yaml.json", type = APIGatewayV2HTTPEvent.class)
    void rawYamlCheck(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        JsonNode verdict = body(response);
        assertFalse(verdict.path("allowed").asBoolean(true));
        assertEquals("1 of 2 resources denied", verdict.path("summary").asText());
        JsonNode deployment = verdict.path("resources").path(0);
        assertEquals("Deployment", deployment.path("kind").asText());
        assertEquals("shop", deployment.path("namespace").asText());
        JsonNode privileged = null;
        for (JsonNode v : deployment.path("violations")) {
            if (v.path("check").asText().equals("privileged")) {
                privileged = v;
            }
        }
        assertEquals(22, privileged.path("line").asInt());
        assertEquals(11, privileged.path("column").asInt());
        assertTrue(verdict.path("resources").path(1).path("allowed").asBoolean());
    }

    @ParameterizedTest
    @Event(value = "events/check-envelope.json", type = APIGatewayV2HTTPEvent.class)
    void jsonEnvelopeCheck(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode verdict = body(response);
        assertTrue(verdict.path("allowed").asBoolean());
        assertEquals("1 of 1 resource allowed", verdict.path("summary").asText());
        assertEquals("api", verdict.path("resources").path(0).path("name").asText());
    }

    @ParameterizedTest
    @Event(value = "events/check-markdown.json", type = APIGatewayV2HTTPEvent.class)
    void markdownForChat(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertEquals(200, response.getStatusCode());
        assertEquals("text/markdown; charset=utf-8", response.getHeaders().get("content-type"));
        assertTrue(response.getBody().contains("privileged"), response.getBody());
    }

    @ParameterizedTest
    @Event(value = "events/admission-pod-allowed.json", type = APIGatewayV2HTTPEvent.class)
    void admissionReviewAllowed(APIGatewayV2HTTPEvent event) {
        JsonNode review = body(HANDLER.handleRequest(event, null));

        assertEquals("admission.k8s.io/v1", review.path("apiVersion").asText());
        assertEquals("3b0f8c1e-5d2a-4e7b-9c61-0a1b2c3d4e01", review.path("response").path("uid").asText());
        assertTrue(review.path("response").path("allowed").asBoolean());
    }

    @ParameterizedTest
    @Event(value = "events/admission-pod-denied.json", type = APIGatewayV2HTTPEvent.class)
    void admissionReviewDenied(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse answer = HANDLER.handleRequest(event, null);
        JsonNode response = body(answer).path("response");

        assertEquals(200, answer.getStatusCode());
        assertEquals("3b0f8c1e-5d2a-4e7b-9c61-0a1b2c3d4e02", response.path("uid").asText());
        assertFalse(response.path("allowed").asBoolean(true));
        assertEquals(403, response.path("status").path("code").asInt());
        assertEquals("Forbidden", response.path("status").path("reason").asText());
        assertEquals("pods \"debug-shell\" is forbidden: violates PodSecurity \"restricted:latest\": privileged "
                + "(container \"debug-shell\" must not set securityContext.privileged=true)",
                response.path("status").path("message").asText());
    }

    @ParameterizedTest
    @Event(value = "events/admission-deployment-warnings.json", type = APIGatewayV2HTTPEvent.class)
    void admissionReviewForADeploymentWarns(APIGatewayV2HTTPEvent event) {
        JsonNode response = body(HANDLER.handleRequest(event, null)).path("response");

        assertEquals("3b0f8c1e-5d2a-4e7b-9c61-0a1b2c3d4e03", response.path("uid").asText());
        assertTrue(response.path("allowed").asBoolean());
        assertEquals("would violate PodSecurity \"restricted:latest\": privileged "
                + "(container \"web\" must not set securityContext.privileged=true)",
                response.path("warnings").path(0).asText());
    }

    @ParameterizedTest
    @Event(value = "events/unknown-set.json", type = APIGatewayV2HTTPEvent.class)
    void unknownSet(APIGatewayV2HTTPEvent event) {
        JsonNode error = error(HANDLER.handleRequest(event, null), 404, "POLICY_SET_NOT_FOUND", "evt-unknown-set");

        assertTrue(error.path("message").asText().contains("\"no-such-set\""));
        assertTrue(error.path("message").asText().endsWith("; available: pss-privileged, pss-baseline, pss-restricted, "
                + "psp-privileged, psp-restricted, openshift-default"), error.path("message").asText());
    }

    @ParameterizedTest
    @Event(value = "events/malformed-yaml.json", type = APIGatewayV2HTTPEvent.class)
    void malformedYaml(APIGatewayV2HTTPEvent event) {
        JsonNode error = error(HANDLER.handleRequest(event, null), 400, "INVALID_MANIFEST", "evt-malformed-yaml");

        assertEquals(0, error.path("document").asInt());
        assertEquals(9, error.path("line").asInt());
        assertEquals(4, error.path("column").asInt());
    }

    @ParameterizedTest
    @Event(value = "events/oversized-body.json", type = APIGatewayV2HTTPEvent.class)
    void oversizedBody(APIGatewayV2HTTPEvent event) {
        error(HANDLER.handleRequest(event, null), 413, "PAYLOAD_TOO_LARGE", "evt-oversized-body");
    }

    @ParameterizedTest
    @Event(value = "events/describe-policy-set.json", type = APIGatewayV2HTTPEvent.class)
    void policySetDescription(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertEquals(200, response.getStatusCode());
        JsonNode set = body(response);
        assertEquals("pss-restricted", set.path("id").asText());
        assertEquals("restricted:latest", set.path("policies").path(0).path("settings").path("enforce").asText());
    }

    @ParameterizedTest
    @Event(value = "events/list-policy-sets.json", type = APIGatewayV2HTTPEvent.class)
    void policySetList(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertEquals(200, response.getStatusCode());
        JsonNode sets = body(response).path("policySets");
        assertEquals("pss-privileged", sets.path(0).path("id").asText());
        assertEquals("builtin", sets.path(0).path("origin").asText());
        assertEquals(6, sets.size(), sets.toString());
    }

    /** The JSON block after the {@code mutate-pod-psp} sample marker in docs/api.md. */
    private static JsonNode documentedPatch() throws IOException {
        String doc = Files.readString(Path.of("docs/api.md"));
        int marker = doc.indexOf("<!-- sample: mutate-pod-psp patch -->");
        int start = doc.indexOf("```json\n", marker) + "```json\n".length();
        return Json.MAPPER.readTree(doc.substring(start, doc.indexOf("```", start)));
    }

    /** The pod the event's AdmissionReview asks about, with the answer's JSON Patch applied. */
    private static JsonNode patchedObject(APIGatewayV2HTTPEvent event, JsonNode response) {
        assertEquals("JSONPatch", response.path("patchType").asText(), response::toString);
        try {
            JsonNode object = Json.MAPPER.readTree(event.getBody()).path("request").path("object");
            return JsonPatches.applyBase64(object, response.path("patch").asText());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @Event(value = "events/mutate-pod-psp.json", type = APIGatewayV2HTTPEvent.class)
    void mutatingWebhookGetsThePodSecurityPolicyDefaults(APIGatewayV2HTTPEvent event) throws IOException {
        JsonNode response = body(HANDLER.handleRequest(event, null)).path("response");

        assertEquals("3b0f8c1e-5d2a-4e7b-9c61-0a1b2c3d4e10", response.path("uid").asText());
        assertTrue(response.path("allowed").asBoolean());
        JsonNode pod = patchedObject(event, response);
        JsonNode annotations = pod.path("metadata").path("annotations");
        assertEquals("restricted", annotations.path("kubernetes.io/psp").asText());
        assertEquals("runtime/default", annotations.path("seccomp.security.alpha.kubernetes.io/pod").asText());
        assertEquals("runtime/default", annotations.path("container.apparmor.security.beta.kubernetes.io/nginx").asText());
        assertEquals(1, pod.path("spec").path("securityContext").path("fsGroup").asInt());
        assertEquals(documentedPatch(), Json.MAPPER.readTree(Base64.getDecoder().decode(response.path("patch").asText())),
                "docs/api.md shows this patch");
        JsonNode container = pod.path("spec").path("containers").path(0).path("securityContext");
        assertEquals(Json.MAPPER.createObjectNode().put("runAsNonRoot", true).put("allowPrivilegeEscalation", false)
                .set("capabilities", Json.MAPPER.createObjectNode().set("drop", Json.MAPPER.createArrayNode().add("ALL"))),
                container);
    }

    @ParameterizedTest
    @Event(value = "events/mutate-pod-scc.json", type = APIGatewayV2HTTPEvent.class)
    void mutatingWebhookGetsTheSccDefaultsInTheReviewsOwnVersion(APIGatewayV2HTTPEvent event) {
        JsonNode review = body(HANDLER.handleRequest(event, null));
        JsonNode response = review.path("response");

        assertEquals("admission.k8s.io/v1beta1", review.path("apiVersion").asText());
        assertTrue(response.path("allowed").asBoolean());
        JsonNode pod = patchedObject(event, response);
        assertEquals("restricted-v2", pod.path("metadata").path("annotations").path("openshift.io/scc").asText());
        assertEquals("user", pod.path("metadata").path("annotations")
                .path("security.openshift.io/validated-scc-subject-type").asText());
        assertEquals(1000000000L, pod.path("spec").path("containers").path(0).path("securityContext")
                .path("runAsUser").asLong());
    }

    @ParameterizedTest
    @Event(value = "events/validate-pod-patched.json", type = APIGatewayV2HTTPEvent.class)
    void validatingWebhookAdmitsThePodAsTheMutatingOneLeftIt(APIGatewayV2HTTPEvent event) {
        JsonNode response = body(HANDLER.handleRequest(event, null)).path("response");

        assertTrue(response.path("allowed").asBoolean(), response::toString);
        assertTrue(response.path("patch").isMissingNode(), response::toString);
    }

    @ParameterizedTest
    @Event(value = "events/validate-pod-unpatched.json", type = APIGatewayV2HTTPEvent.class)
    void validatingWebhookRefusesAPodThatStillNeedsDefaults(APIGatewayV2HTTPEvent event) {
        JsonNode response = body(HANDLER.handleRequest(event, null)).path("response");

        assertFalse(response.path("allowed").asBoolean(true));
        assertTrue(response.path("patch").isMissingNode(), response::toString);
        assertEquals(403, response.path("status").path("code").asInt());
        assertEquals("pods \"web\" is forbidden: PodSecurityPolicy: unable to validate pod: []",
                response.path("status").path("message").asText());
    }

    @Test
    void everyEventFileIsReplayedHere() throws IOException {
        Set<String> tested = Arrays.stream(EventsTest.class.getDeclaredMethods())
                .map(m -> m.getAnnotation(Event.class))
                .filter(Objects::nonNull)
                .map(Event::value)
                .collect(Collectors.toSet());
        Set<String> files;
        try (Stream<Path> list = Files.list(Path.of("events"))) {
            files = list.map(p -> "events/" + p.getFileName()).collect(Collectors.toSet());
        }
        assertEquals(files, tested);
    }
}
