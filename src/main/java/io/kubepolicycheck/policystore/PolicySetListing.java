package io.kubepolicycheck.policystore;

/**
 * One entry of the list of sets ({@code GET /v1/policy-sets}, {@code kube-policy-check sets}): the id to pass, where
 * the set comes from ({@value #BUILTIN}, {@value #BUCKET} or {@value #FOLDER}) and one line saying what it holds.
 */
public record PolicySetListing(String id, String origin, String description) {
    public static final String BUILTIN = "builtin";
    public static final String BUCKET = "bucket";
    public static final String FOLDER = "folder";
}
