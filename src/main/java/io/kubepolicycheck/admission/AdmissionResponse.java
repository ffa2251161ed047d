package io.kubepolicycheck.admission;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An AdmissionReview's {@code response}, as the API server reads it. {@code patch} is the base64 of an RFC 6902
 * JSON Patch ({@code patchType: JSONPatch}), only ever in a mutating webhook's answer.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AdmissionResponse(String uid, @JsonInclude(JsonInclude.Include.ALWAYS) boolean allowed, Status status,
                                String patchType, String patch, List<String> warnings,
                                Map<String, String> auditAnnotations) {
    public static final String JSON_PATCH = "JSONPatch";

    /** An answer that changes nothing. */
    public AdmissionResponse(String uid, boolean allowed, Status status, List<String> warnings,
                             Map<String, String> auditAnnotations) {
        this(uid, allowed, status, null, null, warnings, auditAnnotations);
    }

    public AdmissionResponse {
        warnings = List.copyOf(warnings);
        // sorted by key, as Go's encoding/json writes a map, so the bytes are the same on every run
        auditAnnotations = Collections.unmodifiableSortedMap(new TreeMap<>(auditAnnotations));
    }

    /** The same answer, with a JSON Patch for the API server to apply to the object. */
    AdmissionResponse withPatch(byte[] jsonPatch) {
        return new AdmissionResponse(uid, allowed, status, JSON_PATCH, Base64.getEncoder().encodeToString(jsonPatch),
                warnings, auditAnnotations);
    }

    static AdmissionResponse allow(String uid) {
        return new AdmissionResponse(uid, true, null, List.of(), Map.of());
    }

    /** A request that cannot be judged: denied with code 400, as the Pod Security webhook does. */
    public static AdmissionResponse badRequest(String uid, String message) {
        return new AdmissionResponse(uid, false, new Status("Failure", message, "BadRequest", null, 400),
                List.of(), Map.of());
    }

    /** A {@code metav1.Status}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Status(String status, String message, String reason, Details details, int code) {
    }

    /** A {@code metav1.StatusDetails}: the object and its group and resource ({@code kind} holds the resource). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Details(String name, String group, String kind) {
    }
}
