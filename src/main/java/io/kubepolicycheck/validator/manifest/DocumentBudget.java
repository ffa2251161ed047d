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
 *
 * <p>YAML is also refused where the API server's YAML decoder, go-yaml (through {@code sigs.k8s.io/yaml}), refuses
 * it: when most of what it has decoded came through aliases ({@link #decoded}). A bomb is refused so after a few
 * thousand nodes, in the API server's words, long before it nears the million values.
 */
final class DocumentBudget {
    /** The API server's message (sigs.k8s.io/yaml wrapping go-yaml's) for a document that is mostly aliases. */
    static final String EXCESSIVE_ALIASING =
            "error converting YAML to JSON: yaml: document contains excessive aliasing";
    private final Limits limits;
    /** YAML counts values after aliases are expanded, which is how a small bomb grows. */
    private final boolean expandsAliases;
    private int values;
    private int expanded;
    private int document;
    /** The nodes go-yaml would have decoded so far, and how many of them it reached through an alias. */
    private int decoded;
    private int throughAliases;
    /** The same before a List's entries, which count on their own as {@link #values} do. */
    private int decodedBeforeItems;
    private int throughAliasesBeforeItems;

    DocumentBudget(Limits limits, boolean expandsAliases) {
        this.limits = limits;
        this.expandsAliases = expandsAliases;
    }

    void startDocument(int index) {
        document = index;
        values = 0;
        expanded = 0;
        decoded = 1; // go-yaml decodes the document node first
        throughAliases = 0;
    }

    /**
     * A sequence starts: if it is a List's items (the value of {@code items} in a document's root mapping, at depth
     * 1, or the root of entries cut from a List, read at the depth they have), the values counted before it, which
     * {@link #entry} and {@link #endItems} take; else -1, and they do nothing.
     */
    int items(Node parent, String key, int depth) {
        if (depth != 1 || parent != null && (parent.parent() != null || !"items".equals(key))) {
            return -1;
        }
        decodedBeforeItems = decoded;
        throughAliasesBeforeItems = throughAliases;
        return values;
    }

    /** An entry of the sequence starts: a List's entry counts its values, and what go-yaml decodes, on its own. */
    void entry(int items) {
        if (items >= 0) {
            values = 0;
            decoded = 0;
            throughAliases = 0;
        }
    }

    /** The sequence is over: after a List's entries, the document counts on as if it had none. */
    void endItems(int items) {
        if (items >= 0) {
            values = items;
            decoded = decodedBeforeItems;
            throughAliases = throughAliasesBeforeItems;
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

    /**
     * One node decoded as go-yaml decodes it, {@code throughAlias} where an alias led to it. As go-yaml's decoder does
     * ({@code allowedAliasRatio}, its fix for CVE-2019-11253), the document is refused once more than 100 of more than
     * 1,000 nodes came through aliases and they are more than 99 % of them: less as the document grows, from 400,000
     * nodes decoded down to 10 % at 4,000,000.
     */
    void decoded(Position at, boolean throughAlias) throws ManifestException {
        decoded++;
        if (throughAlias) {
            throughAliases++;
        }
        if (throughAliases > 100 && decoded > 1000 && (double) throughAliases / decoded > allowedAliasRatio(decoded)) {
            throw ManifestException.overLimit(EXCESSIVE_ALIASING, document, at);
        }
    }

    /** go-yaml's share of a document's decoded nodes that may come through aliases. */
    private static double allowedAliasRatio(int decoded) {
        int low = 400_000;
        int high = 4_000_000;
        if (decoded <= low) {
            return 0.99;
        }
        if (decoded >= high) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decoded - low) / (high - low));
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
