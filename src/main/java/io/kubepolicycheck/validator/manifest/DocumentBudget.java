package io.kubepolicycheck.validator.manifest;

/**
 * The bounds one document may use, counted afresh for every document: a hostile document is refused while it is
 * read, and any number of honest documents pass. Every reader (JSON, YAML, a parsed tree) counts through it.
 *
 * <p>The entries of a document's top-level {@code items} sequence (a List, a cluster dump) are each counted on their
 * own ({@link #items}), as they are when the List is read in parts or split into files, and the rest of the
 * document as if it had no entries: a dump of any size passes, and a bomb anywhere is refused at the same place
 * however the List is read. What aliases expand is
 * also counted over the whole document, so that aliases in many entries cannot multiply one entry's allowance.
 */
final class DocumentBudget {
    private final Limits limits;
    /** YAML counts values after aliases are expanded, which is how a small bomb grows. */
    private final boolean expandsAliases;
    private int values;
    private int expanded;
    private int document;

    DocumentBudget(Limits limits, boolean expandsAliases) {
        this.limits = limits;
        this.expandsAliases = expandsAliases;
    }

    void startDocument(int index) {
        document = index;
        values = 0;
        expanded = 0;
    }

    /**
     * A sequence starts: if it is a List's items (the value of {@code items} in a document's root mapping, at depth
     * 1, or the root of entries cut from a List, read at the depth they have), the values counted before it, which
     * {@link #entry} and {@link #endItems} take; else -1, and they do nothing.
     */
    int items(Node parent, String key, int depth) {
        return depth == 1 && (parent == null || parent.parent() == null && "items".equals(key)) ? values : -1;
    }

    /** An entry of the sequence starts: a List's entry counts its values on its own. */
    void entry(int items) {
        if (items >= 0) {
            values = 0;
        }
    }

    /** The sequence is over: after a List's entries, the document counts on as if it had none. */
    void endItems(int items) {
        if (items >= 0) {
            values = items;
        }
    }

    int document() {
        return document;
    }

    /** One more value at {@code depth} (the document's root is at 0). */
    void value(Position at, int depth) throws ManifestException {
        if (++values > limits.maxNodes()) {
            throw tooMany(at);
        }
        if (depth > limits.maxDepth()) {
            throw tooDeep(at);
        }
    }

    /** One more value that an alias expands to, at {@code depth}. */
    void expandedValue(Position at, int depth) throws ManifestException {
        if (++expanded > limits.maxNodes()) {
            throw tooMany(at);
        }
        value(at, depth);
    }

    private ManifestException tooMany(Position at) {
        return ManifestException.overLimit(expandsAliases
                ? "manifest expands to more than " + limits.maxNodes()
                        + " values (aliases are expanded; is this a YAML bomb?)"
                : "manifest has more than " + limits.maxNodes() + " values", document, at);
    }

    ManifestException tooDeep(Position at) {
        return ManifestException.overLimit("manifest nests deeper than " + limits.maxDepth() + " levels", document, at);
    }
}
