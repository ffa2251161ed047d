package io.kubepolicycheck.validator.policy;

import java.util.List;

/** The requesting user, as in an AdmissionReview's {@code request.userInfo}. */
public record UserInfo(String username, List<String> groups) {
    public static final UserInfo ANONYMOUS = new UserInfo("", List.of());

    public UserInfo {
        username = username == null ? "" : username;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
