package io.kubepolicycheck.validator.podsecuritypolicy;

import java.util.List;

/** An entry of {@code allowedHostPaths}: a path prefix, and whether mounts of it must be read-only. */
public record AllowedHostPath(String pathPrefix, boolean readOnly) {
    /** Whether a host path may be used, and whether then every mount of it must be read-only. */
    public record Decision(boolean allowed, boolean mustBeReadOnly) {
    }

    /** An empty list allows any path; a path matching only read-only entries must be mounted read-only. */
    public static Decision decide(List<AllowedHostPath> allowed, String path) {
        if (allowed.isEmpty()) {
            return new Decision(true, false);
        }
        boolean found = false;
        for (AllowedHostPath a : allowed) {
            if (a.matches(path)) {
                if (!a.readOnly) {
                    return new Decision(true, false);
                }
                found = true;
            }
        }
        return new Decision(found, found);
    }

    /**
     * Prefix by path segment: {@code /foo} allows {@code /foo} and {@code /foo/bar}, not {@code /foobar}; as
     * upstream, one trailing slash of either is ignored ({@code /foo/} allows {@code /foo}). A path that climbs
     * with {@code ..} never matches, since it could leave the prefix.
     */
    public boolean matches(String path) {
        if (path == null || List.of(path.split("/")).contains("..")) {
            return false;
        }
        String p = trimSlash(path);
        String prefix = trimSlash(pathPrefix);
        return p.startsWith(prefix) && (p.length() == prefix.length() || p.charAt(prefix.length()) == '/');
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
