package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.Reader;
import java.util.function.IntFunction;

/**
 * The documents of one input, read one at a time as located trees, so that memory holds the document being read
 * and not the input: a YAML stream's documents, a JSON array's elements, or one JSON value. Each document is
 * bounded on its own ({@link DocumentBudget}); the input as a whole is not.
 */
public interface DocumentSource {
    /** The next document, or null after the last one. */
    Document next() throws ManifestException;

    /**
     * One document: its index in the input (from 0) and its tree, which is null or a null node for an empty or
     * comment-only document.
     */
    record Document(int index, Node root) {
        public boolean isEmpty() {
            return root == null || root.isNil();
        }
    }

    /** The documents of a text held whole. */
    static DocumentSource of(String text, Limits limits) throws ManifestException {
        return of(new java.io.StringReader(text), limits, offset -> ManifestParser.positionOf(text, offset));
    }

    /** The documents of a UTF-8 stream read as it goes, e.g. a file or standard input. */
    static DocumentSource of(Utf8Reader text, Limits limits) throws ManifestException {
        return of((Reader) text, limits, text::positionOf);
    }

    /**
     * A stream opened for reading in parts: JSON's documents one by one, a JSON object's List items one by one, or
     * YAML's stream cut at its documents.
     */
    record Opened(DocumentSource json, JsonList jsonList, YamlChunks yaml) {
    }

    /** A UTF-8 stream, JSON or YAML, opened to be read on several threads where it can be. */
    static Opened open(Utf8Reader text, Limits limits) throws ManifestException {
        return open(text, limits, null);
    }

    /**
     * The same, for an input that {@code reopener} opens again from its start (a file), or null where it cannot be
     * (standard input): a part of it read a second time is read from there instead of from a copy kept.
     */
    static Opened open(Utf8Reader text, Limits limits, Reopener reopener) throws ManifestException {
        Lookahead start = new Lookahead(text);
        try {
            if (!start.looksLikeJson()) {
                return new Opened(null, null, new YamlChunks(start.replay(), limits, text, reopener));
            }
            return start.isObject() ? new Opened(null, new JsonList(start.skipByteOrderMark(), limits, reopener), null)
                    : new Opened(new JsonDocuments(start.skipByteOrderMark(), limits), null, null);
        } catch (IOException e) {
            throw Utf8Reader.unreadable(e);
        }
    }

    /**
     * JSON is text that starts with an object whose first key is quoted ({@code {"apiVersion": ...}}), an empty
     * object, or an array. A YAML document in flow style starts with a brace too, but its keys are bare
     * ({@code {apiVersion: v1, kind: Pod}}): it is read as YAML, while broken JSON still gets JSON's error.
     * Only the start of the text is looked at, and then handed on with the rest.
     */
    private static DocumentSource of(Reader text, Limits limits, IntFunction<Position> positionOf)
            throws ManifestException {
        Lookahead start = new Lookahead(text);
        try {
            return start.looksLikeJson()
                    ? new JsonDocuments(start.skipByteOrderMark(), limits)
                    : new YamlDocuments(start.replay(), limits, positionOf);
        } catch (IOException e) {
            throw Utf8Reader.unreadable(e);
        }
    }
}
