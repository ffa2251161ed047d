package io.kubepolicycheck.validator.manifest;

/**
 * The submitted text is not a set of Kubernetes objects. The message says what is wrong; document, line and
 * column say where (document counts from 0, line and column from 1; -1 where unknown).
 */
public final class ManifestException extends Exception {
    private final int document;
    private final int line;
    private final int column;
    private final String source;
    private final boolean overLimit;
    /** For YAML that does not scan or parse, where the construct it was in started; else null. */
    private final Position syntaxContext;

    public ManifestException(String message, int document, int line, int column) {
        this(message, document, line, column, null, false, null);
    }

    private ManifestException(String message, int document, int line, int column, String source,
                              boolean overLimit, Position syntaxContext) {
        super(message, null, false, false);
        this.document = document;
        this.line = line;
        this.column = column;
        this.source = source;
        this.overLimit = overLimit;
        this.syntaxContext = syntaxContext;
    }

    /** A value over one of the {@link Limits} a document may use (values, nesting depth): see {@link #overLimit}. */
    static ManifestException overLimit(String message, int document, Position at) {
        return new ManifestException(message, document, at == null ? -1 : at.line(), at == null ? -1 : at.column(),
                null, true, null);
    }

    /**
     * YAML that does not scan or parse at {@code at}, in a construct that started at {@code context} ({@code at}
     * itself when the error says none): see {@link YamlChunks#syntaxErrorOf}.
     */
    static ManifestException syntax(String message, int document, Position at, Position context) {
        return new ManifestException(message, document, at.line(), at.column(), null, false, context);
    }

    /** Where the construct a YAML syntax error is in started, or null for any other error. */
    Position syntaxContext() {
        return syntaxContext;
    }

    /**
     * Whether the error is a document (or a List's entry) going over a limit while it is read, not the text failing
     * to read: where it is found does not depend on what precedes or follows, so a part of a List that meets it
     * needs no second reading of the List whole.
     */
    public boolean overLimit() {
        return overLimit;
    }

    /** The same error, naming the input (file) it was found in. */
    public ManifestException withSource(String inputName) {
        return new ManifestException(getMessage(), document, line, column, inputName, overLimit, syntaxContext);
    }

    /** The same error with a sentence added to its message: advice on what to do about it. */
    public ManifestException withAdvice(String advice) {
        return new ManifestException(getMessage() + "; " + advice, document, line, column, source, overLimit,
                syntaxContext);
    }

    /** The file the error is in, when several inputs were read; else null. */
    public String source() {
        return source;
    }

    public ManifestException(String message, int document, Position at) {
        this(message, document, at == null ? -1 : at.line(), at == null ? -1 : at.column());
    }

    public int document() {
        return document;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message with its place, as printed for a person: {@code document 1, line 4, column 3: ...}. */
    public String located() {
        StringBuilder out = new StringBuilder(source == null ? "" : source + ": ");
        if (document >= 0) {
            out.append("document ").append(document);
        }
        if (line > 0) {
            out.append(document >= 0 ? ", " : "").append("line ").append(line);
            if (column > 0) {
                out.append(", column ").append(column);
            }
        }
        return document >= 0 || line > 0 ? out + ": " + getMessage() : out + getMessage();
    }
}
