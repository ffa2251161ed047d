package io.kubepolicycheck.validator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.validator.workload.SeccompAnnotations;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A pod UPDATE as an AdmissionReview carries it: the pod as it would be stored ({@code request.object}), the pod it
 * replaces ({@code request.oldObject}) and the pod subresource it goes through ({@code ""} for none). Each admission
 * plugin lets some updates through unexamined; these are the tests they make.
 */
public record PodUpdate(JsonNode object, JsonNode oldObject, String subresource) {
    /** The metadata {@code IsOnlyMutatingGCFields} takes from the old object: what the garbage collector changes. */
    private static final List<String> GC_FIELDS = List.of("ownerReferences", "finalizers", "selfLink");
    private static final List<String> GC_FIELDS_AND_ANNOTATIONS =
            List.of("ownerReferences", "finalizers", "selfLink", "annotations");

    public PodUpdate {
        Objects.requireNonNull(object);
        Objects.requireNonNull(oldObject);
        subresource = subresource == null ? "" : subresource;
    }

    /**
     * Pod Security admission's {@code isSignificantPodUpdate}: the rest of a pod is immutable or not read by its
     * checks, so only a changed image, a changed number of containers, a new ephemeral container or a changed
     * seccomp annotation (the pod's or a container's) can change its decision.
     */
    public boolean isSignificant() {
        if (!annotation(object, SeccompAnnotations.POD).equals(annotation(oldObject, SeccompAnnotations.POD))) {
            return true;
        }
        JsonNode spec = object.path("spec");
        JsonNode old = oldObject.path("spec");
        for (String list : List.of("containers", "initContainers")) {
            JsonNode now = spec.path(list);
            JsonNode before = old.path(list);
            if (now.size() != before.size()) {
                return true;
            }
            for (int i = 0; i < now.size(); i++) {
                if (isSignificant(now.get(i), before.get(i))) {
                    return true;
                }
            }
        }
        for (JsonNode container : spec.path("ephemeralContainers")) {
            JsonNode previous = null;
            for (JsonNode candidate : old.path("ephemeralContainers")) {
                if (candidate.path("name").asText("").equals(container.path("name").asText(""))) {
                    previous = candidate;
                    break;
                }
            }
            if (previous == null || isSignificant(container, previous)) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's {@code isSignificantContainerUpdate}: the seccomp annotation compared is the new name's. */
    private boolean isSignificant(JsonNode container, JsonNode old) {
        String seccomp = SeccompAnnotations.CONTAINER_PREFIX + container.path("name").asText("");
        return !container.path("image").asText("").equals(old.path("image").asText(""))
                || !annotation(object, seccomp).equals(annotation(oldObject, seccomp));
    }

    /** A pod's annotation, "" when it has none, as Go reads a map. */
    private static String annotation(JsonNode pod, String key) {
        return pod.path("metadata").path("annotations").path(key).asText("");
    }

    /**
     * {@code rbacregistry.IsOnlyMutatingGCFields}: whether the pod is the old one once its owner references,
     * finalizers and self link are taken from the old one, as the garbage collector's updates are. PodSecurityPolicy
     * and SCC admission let such an update through: whoever may make it may delete the pod anyway.
     */
    public boolean isOnlyMutatingGCFields() {
        return equalsOldTakingFrom(GC_FIELDS);
    }

    /**
     * SCC admission's {@code shouldIgnoreMetaChanges}: {@link #isOnlyMutatingGCFields()}, where adding, changing or
     * removing one of {@code annotations} changes nothing either.
     */
    public boolean isOnlyMutatingGCFieldsOr(Set<String> annotations) {
        return annotationsWithout(object, annotations).equals(annotationsWithout(oldObject, annotations))
                && equalsOldTakingFrom(GC_FIELDS_AND_ANNOTATIONS);
    }

    /** A pod's annotations but {@code keys}; none and an empty map are the same to Go. */
    private static ObjectNode annotationsWithout(JsonNode pod, Set<String> keys) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        return annotations instanceof ObjectNode map ? map.deepCopy().without(keys)
                : JsonNodeFactory.instance.objectNode();
    }

    /** Whether the pod equals the old one once its {@code metadata} {@code fields} are the old one's. */
    private boolean equalsOldTakingFrom(List<String> fields) {
        if (!(object instanceof ObjectNode pod) || !(pod.get("metadata") instanceof ObjectNode)) {
            return object.equals(oldObject);
        }
        ObjectNode copy = pod.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        JsonNode oldMetadata = oldObject.path("metadata");
        for (String field : fields) {
            JsonNode old = oldMetadata.get(field);
            if (old == null) {
                metadata.remove(field);
            } else {
                metadata.set(field, old);
            }
        }
        return copy.equals(oldObject);
    }
}
