package io.kubepolicycheck.validator.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An input that could not be judged (a file that cannot be read, text that is not Kubernetes objects), reported
 * beside the verdict on the others. {@code document} counts from 0, {@code line} and {@code column} from 1; each
 * is null (left out of JSON) where unknown. {@code code} is the HTTP API's error code for the same mistake.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputError(String source, Integer document, Integer line, Integer column, String code, String message) {
    public static final String INVALID_MANIFEST = "INVALID_MANIFEST";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** A file that does not exist or cannot be read: the command line's own case, which HTTP cannot have. */
    public static final String UNREADABLE_INPUT = "UNREADABLE_INPUT";

    /** An error at a place given as the parser gives it: -1 where unknown. */
    public static InputError at(String source, int document, int line, int column, String code, String message) {
        return new InputError(source, document >= 0 ? document : null, line > 0 ? line : null,
                line > 0 && column > 0 ? column : null, code, message);
    }

    /** An input with no place inside it, such as a file that cannot be read. */
    public static InputError of(String source, String code, String message) {
        return new InputError(source, null, null, null, code, message);
    }

    /** {@code document 1, line 4, column 3: message}, the place as far as it is known, for a person. */
    public String located() {
        StringBuilder out = new StringBuilder();
        if (document != null) {
            out.append("document ").append(document);
        }
        if (line != null) {
            out.append(document != null ? ", " : "").append("line ").append(line);
            if (column != null) {
                out.append(", column ").append(column);
            }
        }
        return out.isEmpty() ? message : out + ": " + message;
    }
}
