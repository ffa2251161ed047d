package io.kubepolicycheck.validator.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One operation of an RFC 6902 JSON Patch: {@code add} where the field is absent (with any missing parents built
 * into its value), {@code replace} where it is present. {@code path} is an RFC 6901 JSON Pointer into the object
 * as submitted, {@code ~} and {@code /} in keys escaped as {@code ~0} and {@code ~1}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PatchOperation(String op, String path, Object value) {
    public static final String ADD = "add";
    public static final String REPLACE = "replace";
}
