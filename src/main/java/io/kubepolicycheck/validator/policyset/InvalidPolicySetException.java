package io.kubepolicycheck.validator.policyset;

/** A stored policy set that cannot be used: names the object key, the document and the line. */
public final class InvalidPolicySetException extends Exception {
    private final String key;
    private final int document;
    private final int line;

    public InvalidPolicySetException(String key, int document, int line, String message) {
        super(message, null, false, false);
        this.key = key;
        this.document = document;
        this.line = line;
    }

    public String key() {
        return key;
    }

    public int document() {
        return document;
    }

    public int line() {
        return line;
    }

    /** {@code policy set "policies/x.yaml", document 1, line 7: unknown field "privilaged"}. */
    public String located() {
        StringBuilder out = new StringBuilder("policy set \"").append(key).append('"');
        if (document >= 0) {
            out.append(", document ").append(document);
        }
        if (line > 0) {
            out.append(", line ").append(line);
        }
        return out.append(": ").append(getMessage()).toString();
    }
}
