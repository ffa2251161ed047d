package io.kubepolicycheck.api;

import java.util.Locale;
import java.util.Set;

/**
 * Which request content types a route can read. A missing type is read as the route's own kind of body, and
 * {@code application/x-www-form-urlencoded} is accepted because it is what {@code curl --data-binary} sends
 * unless told otherwise; the body is never form-decoded. Only UTF-8 (or its subset US-ASCII) is read.
 */
final class ContentTypes {
    private static final Set<String> MANIFEST = Set.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "application/json", "text/json", "text/plain", "application/octet-stream",
            "application/x-www-form-urlencoded");
    private static final Set<String> JSON = Set.of("application/json", "text/json", "application/x-www-form-urlencoded");

    private ContentTypes() {
    }

    /** The raw check route: YAML or JSON. */
    static void requireManifest(String contentType) throws ApiException {
        require(contentType, MANIFEST, "+yaml", "a manifest as application/yaml or application/json");
    }

    /** The envelope and admission routes: JSON. */
    static void requireJson(String contentType) throws ApiException {
        require(contentType, JSON, null, "application/json");
    }

    /**
     * Bodies are read as sent: a compressed one ({@code Content-Encoding: gzip}, ...) is refused with a 415, as
     * HTTP advises for a content coding the server does not take, rather than misread as a broken manifest.
     */
    static void requireIdentityEncoding(String contentEncoding) throws ApiException {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return;
        }
        for (String coding : contentEncoding.split(",")) {
            String name = coding.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.equals("identity")) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "content encoding \"" + name + "\" is not supported: send the body uncompressed");
            }
        }
    }

    private static void require(String contentType, Set<String> accepted, String yamlSuffix, String expected)
            throws ApiException {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        // the limit keeps empty parts, so ";" is an empty media type rather than no parts at all
        String[] parts = contentType.split(";", -1);
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean readable = accepted.contains(mediaType) || mediaType.endsWith("+json")
                || (yamlSuffix != null && mediaType.endsWith(yamlSuffix));
        if (!readable) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "content type \"" + mediaType + "\" cannot be read here: send " + expected);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
                    throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                            "charset \"" + charset + "\" is not supported: send UTF-8");
                }
            }
        }
    }
}
