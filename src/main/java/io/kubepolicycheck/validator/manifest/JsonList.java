package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * A JSON text that is one object, read for the items of a List ({@code kubectl get pods -A -o json}): each element
 * of its top-level {@code items} array is handed out as it is read, a document of its own budgeted on its own, so
 * that a dump of any size is judged in the memory of one pod. Its {@code kind} may come after the items (kubectl
 * sorts the keys), so the text must stay within reach until the object is read: a file is opened again
 * ({@link Reopener}), and from standard input the text read is kept (in memory, past 4 MB in a temporary file). If
 * it is not a List of those items, the caller reads it again whole ({@link #whole()}), as it always was, and takes
 * back what the items gave. An error in the text ({@link #error()}) needs no second reading: it is met where reading
 * whole meets it.
 */
public final class JsonList {
    private static final int IN_MEMORY = 4 << 20;

    private final Limits limits;
    /** Opens the input again for {@link #whole()}, or null: then {@link #text} keeps what was read. */
    private final Reopener reopener;
    private Utf8Reader reopened;
    private final Tee text;
    private final JsonDocuments reader;
    /** Nothing more to hand out; refused: something in the object was, so it is to be read whole. */
    private boolean over;
    private boolean refused;
    private ManifestException error;
    private boolean readAgain;

    JsonList(Reader in, Limits limits, Reopener reopener) throws ManifestException {
        // kept from the very start: a second reading must meet the same text
        this.limits = limits;
        this.reopener = reopener;
        this.text = reopener == null ? new Tee(in) : null;
        this.reader = new JsonDocuments(text != null ? text : in, limits);
    }

    /**
     * The next item of the List (numbered as its document, 0; an empty document for a null item), or null once the
     * object is read. An object without an {@code items} array is handed out whole, as its one document, with no
     * second reading.
     */
    public DocumentSource.Document next() {
        if (over) {
            return null;
        }
        try {
            Node item = reader.nextItem();
            if (item != null) {
                return new DocumentSource.Document(0, item.isNil() ? null : item);
            }
            over = true;
            return reader.itemsRead() ? null : new DocumentSource.Document(0, reader.head());
        } catch (ManifestException e) {
            over = true;
            refused = true;
            error = e;
            return null;
        }
    }

    /**
     * The error the text met while its items were read, or null: reading the object whole meets the same error at
     * the same place (it reads in the same order and counts the same), before anything its items hold is judged.
     */
    public ManifestException error() {
        return error;
    }

    /**
     * Whether the object, read to its end, is a List whose items were those handed out: {@code kind} a string
     * ending in {@code List}, {@code apiVersion} a string, as {@link ManifestParser#objects} requires to take items
     * as objects. Otherwise it must be read {@link #whole()}.
     */
    public boolean isList() {
        if (refused || !reader.itemsRead()) {
            return false;
        }
        Node kind = reader.head().get("kind");
        return isString(kind) && kind.asText().endsWith("List") && isString(reader.head().get("apiVersion"));
    }

    /** Whether the object, read to its end, had no items array and was handed out whole, as one document. */
    public boolean readWhole() {
        return over && !refused && !reader.itemsRead();
    }

    /** Whether {@link #whole()} was asked for: nothing more comes from {@link #next()}. */
    public boolean readAgain() {
        return readAgain;
    }

    /** The object's text is not needed again. */
    public void close() {
        if (text != null) {
            text.forget();
        }
        try {
            if (reopened != null) {
                reopened.close();
            }
        } catch (IOException e) {
            // nothing was written to it
        }
    }

    private static boolean isString(Node n) {
        return n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING && !s.asText().isEmpty();
    }

    /** Reads the rest of the input into what is kept, for {@link #whole()} once the input is closed. */
    public void keepRest() {
        if (text != null) {
            text.readToEnd();
        }
    }

    /** The input read again whole, as a JSON text's documents: what was read so far, then the rest. */
    public DocumentSource whole() throws ManifestException {
        over = true;
        readAgain = true;
        if (text != null) {
            text.readToEnd();
            return new JsonDocuments(text.replay(), limits);
        }
        try {
            reopened = new Utf8Reader(reopener.open());
            return new JsonDocuments(new Lookahead(reopened).skipByteOrderMark(), limits);
        } catch (IOException e) {
            throw Reopener.failed(e);
        }
    }

    /** The text as it is read, kept to be read again; a failure to read is kept too, and met again there. */
    private static final class Tee extends Reader {
        private final Reader in;
        private final StringBuilder memory = new StringBuilder();
        private TextSpool spool;
        private IOException failure;

        Tee(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                if (spool == null && memory.length() + n > IN_MEMORY) {
                    spool = new TextSpool();
                    spool.append(memory);
                    memory.setLength(0);
                }
                if (spool != null) {
                    spool.append(buffer, offset, n);
                } else {
                    memory.append(buffer, offset, n);
                }
            }
            return n;
        }

        void forget() {
            memory.setLength(0);
            memory.trimToSize();
            if (spool != null) {
                spool.delete();
            }
        }

        void readToEnd() {
            char[] buffer = new char[64 * 1024];
            try {
                while (failure == null && read(buffer, 0, buffer.length) >= 0) {
                    // kept as it is read
                }
            } catch (IOException e) {
                // kept in failure, met again where the text stops
            }
        }

        /** What was read, then the failure that stopped it, if any. */
        Reader replay() throws ManifestException {
            Reader kept;
            try {
                kept = spool != null ? spool.reader() : new StringReader(memory.toString());
            } catch (IOException e) {
                throw Utf8Reader.unreadable(e);
            }
            IOException stop = failure;
            return new Reader() {
                @Override
                public int read(char[] buffer, int offset, int length) throws IOException {
                    int n = kept.read(buffer, offset, length);
                    if (n < 0 && stop != null) {
                        throw stop;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    kept.close();
                    if (spool != null) {
                        spool.delete();
                    }
                }
            };
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
