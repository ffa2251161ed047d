package io.kubepolicycheck.api;

import io.kubepolicycheck.validator.render.Format;
import java.util.Locale;

/**
 * The verdict format: an explicit {@code format} wins; else the {@code Accept} header's most preferred type
 * among {@code application/json}, {@code text/plain}, {@code text/markdown}, {@code application/sarif+json} and
 * {@code application/xml} (JUnit XML, the one XML format);
 * else JSON. An {@code Accept} naming none of them gets JSON rather than a 406, as most APIs do.
 */
final class FormatNegotiation {
    private FormatNegotiation() {
    }

    static Format choose(String format, String accept) throws ApiException {
        if (format != null) {
            try {
                return Format.parse(format);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
            }
        }
        return accept == null ? Format.JSON : fromAccept(accept);
    }

    private static Format fromAccept(String accept) {
        Format best = null;
        double bestQ = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";", -1);
            String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
            Format f = of(mediaType);
            // at equal quality a named type is more specific than a wildcard, so it wins
            double q = quality(parts) - (mediaType.contains("*") ? 0.0001 : 0);
            if (f != null && q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return best == null ? Format.JSON : best;
    }

    private static Format of(String mediaType) {
        return switch (mediaType) {
            case "application/json", "application/*", "*/*" -> Format.JSON;
            case "text/plain" -> Format.TEXT;
            case "text/markdown" -> Format.MARKDOWN;
            case "application/sarif+json" -> Format.SARIF;
            case "application/xml", "text/xml" -> Format.JUNIT;
            default -> null;
        };
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param.length == 2 && param[0].trim().equals("q")) {
                try {
                    return Double.parseDouble(param[1].trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
