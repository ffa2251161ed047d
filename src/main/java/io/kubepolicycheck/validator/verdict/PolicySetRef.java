package io.kubepolicycheck.validator.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Which policy set judged, at which version; {@code stale} when it was served from cache after S3 failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicySetRef(String id, String version, Boolean stale) {
    public PolicySetRef(String id, String version) {
        this(id, version, null);
    }
}
