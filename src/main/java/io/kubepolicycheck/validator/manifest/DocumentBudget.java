package io.kubepolicycheck.validator.manifest;

/**
 * The bounds one document may use, counted afresh for every document: a hostile document is refused while it is
 * read, and any number of honest documents pass. Every reader (JSON, YAML, a parsed tree) counts through it.
 */
final class DocumentBudget {
    private final Limits limits;
    /** YAML counts values after aliases are expanded, which is how a small bomb grows. */
    private final boolean expandsAliases;
    private int values;
    private int document;

    DocumentBudget(Limits limits, boolean expandsAliases) {
        this.limits = limits;
        this.expandsAliases = expandsAliases;
    }

    void startDocument(int index) {
        document = index;
        values = 0;
    }

    int document() {
        return document;
    }

    /** One more value at {@code depth} (the document's root is at 0). */
    void value(Position at, int depth) throws ManifestException {
        if (++values > limits.maxNodes()) {
            throw new ManifestException(expandsAliases
                    ? "manifest expands to more than " + limits.maxNodes()
                            + " values (aliases are expanded; is this a YAML bomb?)"
                    : "manifest has more than " + limits.maxNodes() + " values", document, at);
        }
        if (depth > limits.maxDepth()) {
            throw tooDeep(at);
        }
    }

    ManifestException tooDeep(Position at) {
        return new ManifestException("manifest nests deeper than " + limits.maxDepth() + " levels", document, at);
    }
}
