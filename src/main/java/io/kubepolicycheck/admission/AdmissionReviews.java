package io.kubepolicycheck.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubepolicycheck.validator.policy.UserInfo;
import io.kubepolicycheck.validator.render.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an {@code AdmissionReview} ({@code admission.k8s.io/v1} or {@code v1beta1}) and writes the answer. */
public final class AdmissionReviews {
    public static final String V1 = "admission.k8s.io/v1";
    public static final String V1BETA1 = "admission.k8s.io/v1beta1";

    private AdmissionReviews() {
    }

    public static AdmissionRequest read(byte[] body) throws MalformedAdmissionReviewException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedAdmissionReviewException(null, V1,
                    "the body is not an AdmissionReview: invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedAdmissionReviewException(null, V1, "the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedAdmissionReviewException(null, V1, "the body is not an AdmissionReview object");
        }
        JsonNode request = root.path("request");
        String uid = request.path("uid").isTextual() ? request.path("uid").asText() : "";
        if (uid.isEmpty()) {
            throw new MalformedAdmissionReviewException(null, V1,
                    "the AdmissionReview has no request.uid to answer to");
        }
        String apiVersion = root.path("apiVersion").asText("");
        String answerIn = V1BETA1.equals(apiVersion) ? V1BETA1 : V1;
        if (!V1.equals(apiVersion) && !V1BETA1.equals(apiVersion) || !"AdmissionReview".equals(root.path("kind").asText())) {
            throw new MalformedAdmissionReviewException(uid, answerIn, "expected kind AdmissionReview of apiVersion "
                    + V1 + " or " + V1BETA1 + ", got kind \"" + root.path("kind").asText("") + "\" of apiVersion \""
                    + apiVersion + "\"");
        }
        JsonNode resource = request.path("resource");
        if (!resource.path("resource").isTextual()) {
            throw new MalformedAdmissionReviewException(uid, answerIn, "request.resource.resource is required");
        }
        JsonNode operation = request.path("operation");
        if (!operation.isTextual()) {
            throw new MalformedAdmissionReviewException(uid, answerIn, "request.operation is required");
        }
        JsonNode userInfo = request.path("userInfo");
        if (!absent(userInfo) && !userInfo.isObject()) {
            throw new MalformedAdmissionReviewException(uid, answerIn, "request.userInfo must be an object");
        }
        JsonNode groupNodes = userInfo.path("groups");
        if (!absent(groupNodes) && !groupNodes.isArray()) {
            throw new MalformedAdmissionReviewException(uid, answerIn, "request.userInfo.groups must be an array of strings");
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode g : groupNodes) {
            if (!g.isTextual()) {
                throw new MalformedAdmissionReviewException(uid, answerIn,
                        "request.userInfo.groups must be an array of strings");
            }
            groups.add(g.asText());
        }
        return new AdmissionRequest(apiVersion, uid, text(resource, "group", "request.resource", uid, answerIn),
                resource.path("resource").asText(), text(request, "subResource", "request", uid, answerIn),
                text(request, "name", "request", uid, answerIn), text(request, "namespace", "request", uid, answerIn),
                operation.asText(), new UserInfo(text(userInfo, "username", "request.userInfo", uid, answerIn), groups),
                present(request.path("object")), present(request.path("oldObject")));
    }

    /**
     * An optional string: absent or null is {@code ""}; any other type is malformed, so that a name, namespace or
     * user that policies and exemptions depend on is never silently read as something else.
     */
    private static String text(JsonNode parent, String field, String at, String uid, String answerIn)
            throws MalformedAdmissionReviewException {
        JsonNode node = parent.path(field);
        if (absent(node)) {
            return "";
        }
        if (!node.isTextual()) {
            throw new MalformedAdmissionReviewException(uid, answerIn, at + "." + field + " must be a string");
        }
        return node.asText();
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static JsonNode present(JsonNode node) {
        return absent(node) ? null : node;
    }

    /** The answer: an AdmissionReview of the request's apiVersion holding only the response. */
    public static String write(String apiVersion, AdmissionResponse response) {
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", apiVersion);
        review.put("kind", "AdmissionReview");
        review.put("response", response);
        try {
            return Json.WRITER.writeValueAsString(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admission response is not serializable", e);
        }
    }
}
