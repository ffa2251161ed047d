package io.kubepolicycheck.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.validator.render.Json;
import java.util.List;
import org.yaml.snakeyaml.Yaml;

/** Builds AdmissionReviews as the API server sends them. */
final class Reviews {
    private Reviews() {
    }

    static Builder pod(String operation, String objectYaml) {
        return new Builder("", "v1", "pods", operation, objectYaml);
    }

    static Builder of(String group, String version, String resource, String operation, String objectYaml) {
        return new Builder(group, version, resource, operation, objectYaml);
    }

    static JsonNode yaml(String text) {
        return Json.MAPPER.valueToTree(new Yaml().load(text));
    }

    static final class Builder {
        private final ObjectNode review = Json.MAPPER.createObjectNode();
        private final ObjectNode request;

        Builder(String group, String version, String resource, String operation, String objectYaml) {
            review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
            request = review.putObject("request");
            request.put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002");
            request.putObject("kind").put("group", group).put("version", version).put("kind", "Ignored");
            request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
            request.put("namespace", "default").put("operation", operation);
            request.putObject("userInfo").put("username", "alice").putArray("groups").add("system:authenticated");
            if (objectYaml != null) {
                JsonNode object = yaml(objectYaml);
                request.set("object", object);
                request.put("name", object.path("metadata").path("name").asText(""));
            }
        }

        Builder apiVersion(String apiVersion) {
            review.put("apiVersion", apiVersion);
            return this;
        }

        Builder subResource(String subResource) {
            request.put("subResource", subResource);
            return this;
        }

        Builder namespace(String namespace) {
            request.put("namespace", namespace);
            return this;
        }

        Builder user(String username, List<String> groups) {
            ObjectNode user = request.putObject("userInfo").put("username", username);
            groups.forEach(user.putArray("groups")::add);
            return this;
        }

        Builder oldObject(String yaml) {
            request.set("oldObject", yaml(yaml));
            return this;
        }

        Builder name(String name) {
            request.put("name", name);
            return this;
        }

        /** {@code request.<field>} set to any JSON, for reviews the API server would never send. */
        Builder with(String field, String json) {
            try {
                request.set(field, Json.MAPPER.readTree(json));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(json, e);
            }
            return this;
        }

        Builder without(String field) {
            request.remove(field);
            return this;
        }

        String json() {
            return review.toString();
        }
    }
}
