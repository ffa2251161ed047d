package io.kubepolicycheck.validator.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** One JSON text: an object is one document, each element of a top-level array is a document. */
final class JsonDocuments implements DocumentSource {
    private static final Pattern JACKSON_SOURCE =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    /** Made for the first JSON input: a run that reads only YAML (most command lines) does not load Jackson. */
    private static volatile JsonFactory factory;

    private final JsonParser p;
    private final DocumentBudget budget;
    private final int maxDepth;
    private boolean started;
    private boolean inArray;
    private boolean done;
    private int next;
    /** A top-level object read for its List items: the object without them, and whether they are being read. */
    private MappingNode head;
    private boolean inItems;
    private boolean itemsRead;
    /** What {@link DocumentBudget#items} gave for the object's items: its values counted before them. */
    private int headValues;

    JsonDocuments(Reader text, Limits limits) throws ManifestException {
        this.budget = new DocumentBudget(limits, false);
        this.maxDepth = limits.maxDepth();
        try {
            this.p = factory(maxDepth).createParser(text);
        } catch (IOException e) {
            throw new ManifestException("invalid JSON: " + e.getMessage(), 0, -1, -1);
        }
    }

    private static JsonFactory factory(int maxDepth) {
        JsonFactory f = factory;
        if (f == null || f.streamReadConstraints().getMaxNestingDepth() != maxDepth) {
            // two threads racing here build two equal factories; either will do
            f = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                    .build();
            factory = f;
        }
        return f;
    }

    @Override
    public Document next() throws ManifestException {
        if (done) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                inArray = p.nextToken() == JsonToken.START_ARRAY;
                if (!inArray) {
                    budget.startDocument(0);
                    Node root = value(null, null, -1, null, 0);
                    end();
                    return new Document(0, root);
                }
            }
            if (p.nextToken() == JsonToken.END_ARRAY) {
                end();
                return null;
            }
            int index = next++;
            budget.startDocument(index);
            return new Document(index, value(null, null, index, null, 0));
        } catch (StreamConstraintsException e) {
            throw fail(budget.tooDeep(position(p.currentTokenLocation())));
        } catch (JsonProcessingException e) {
            throw fail(new ManifestException("invalid JSON: " + readable(e.getOriginalMessage()), budget.document(),
                    position(e.getLocation() != null ? e.getLocation() : p.currentLocation())));
        } catch (IOException e) {
            throw fail(e instanceof Utf8Reader.Refused refused ? refused.error()
                    : new ManifestException("invalid JSON: " + e.getMessage(), budget.document(), -1, -1));
        } catch (ManifestException e) {
            throw fail(e);
        }
    }

    /**
     * The next element of the top-level object's {@code items} array, a root of its own (as {@link ManifestParser}
     * detaches a List's items) budgeted on its own at the depth it has in the object; null once the object is read,
     * its other fields then in {@link #head()}. Any error is thrown as reading the object whole would meet it.
     */
    Node nextItem() throws ManifestException {
        try {
            if (!started) {
                started = true;
                p.nextToken();
                budget.startDocument(0);
                Position at = position(p.currentTokenLocation());
                budget.value(at, 0);
                head = new MappingNode(null, null, -1, at, null);
            }
            while (true) {
                if (inItems) {
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        budget.entry(headValues);
                        return value(null, null, -1, null, 2);
                    }
                    budget.endItems(headValues);
                    inItems = false;
                }
                if (p.nextToken() != JsonToken.FIELD_NAME) {
                    end();
                    return null;
                }
                String field = p.currentName();
                Position fieldPos = position(p.currentTokenLocation());
                if (head.has(field) || itemsRead && field.equals("items")) {
                    throw new ManifestException("duplicate key \"" + field + "\"", 0, fieldPos);
                }
                if (p.nextToken() == JsonToken.START_ARRAY && field.equals("items")) {
                    // counted as reading the object whole counts it: the array, then each entry on its own
                    budget.value(position(p.currentTokenLocation()), 1);
                    headValues = budget.items(head, "items", 1);
                    itemsRead = true;
                    inItems = true;
                } else {
                    head.put(field, value(head, field, -1, fieldPos, 1));
                }
            }
        } catch (StreamConstraintsException e) {
            throw fail(budget.tooDeep(position(p.currentTokenLocation())));
        } catch (JsonProcessingException e) {
            throw fail(new ManifestException("invalid JSON: " + readable(e.getOriginalMessage()), 0,
                    position(e.getLocation() != null ? e.getLocation() : p.currentLocation())));
        } catch (IOException e) {
            throw fail(e instanceof Utf8Reader.Refused refused ? refused.error()
                    : new ManifestException("invalid JSON: " + e.getMessage(), 0, -1, -1));
        } catch (ManifestException e) {
            throw fail(e);
        }
    }

    /** The top-level object without its items, once {@link #nextItem()} has read it; the object whole if it had none. */
    MappingNode head() {
        return head;
    }

    /** Whether the object had an {@code items} array, handed out by {@link #nextItem()}. */
    boolean itemsRead() {
        return itemsRead;
    }

    /** After the one value or the array: nothing may follow. */
    private void end() throws IOException, ManifestException {
        if (p.nextToken() != null) {
            throw new ManifestException("unexpected content after the JSON value", budget.document(),
                    position(p.currentTokenLocation()));
        }
        done = true;
        p.close();
    }

    private ManifestException fail(ManifestException e) {
        done = true;
        try {
            p.close();
        } catch (IOException ignored) {
            // the error being reported is the one that matters
        }
        return e;
    }

    private Node value(Node parent, String key, int index, Position keyPos, int depth)
            throws IOException, ManifestException {
        Position at = position(p.currentTokenLocation());
        budget.value(at, depth);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                MappingNode map = new MappingNode(parent, key, index, at, keyPos);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    Position fieldPos = position(p.currentTokenLocation());
                    if (map.has(field)) {
                        throw new ManifestException("duplicate key \"" + field + "\"", budget.document(), fieldPos);
                    }
                    p.nextToken();
                    map.put(field, value(map, field, -1, fieldPos, depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                SequenceNode seq = new SequenceNode(parent, key, index, at, keyPos);
                int items = budget.items(parent, key, depth);
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    budget.entry(items);
                    seq.add(value(seq, null, i++, null, depth + 1));
                }
                budget.endItems(items);
                return seq;
            }
            case VALUE_STRING -> {
                String text = p.getText();
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.STRING, text, text, false);
            }
            case VALUE_NUMBER_INT -> {
                BigInteger big = p.getBigIntegerValue();
                Object value = big.bitLength() < 64 ? (Object) big.longValue() : null;
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.INTEGER, p.getText(), value,
                        false);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.FLOAT, p.getText(),
                        p.getDoubleValue(), false);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.BOOLEAN, p.getText(),
                        t == JsonToken.VALUE_TRUE, false);
            }
            case VALUE_NULL -> {
                return new ScalarNode(parent, key, index, at, keyPos, ScalarNode.Type.NULL, "null", null, false);
            }
            default -> throw new ManifestException("unexpected JSON token " + t, budget.document(), at);
        }
    }

    /** Jackson's message without its notes about sources and its own settings, which mean nothing to a user. */
    private static String readable(String message) {
        String located = JACKSON_SOURCE.matcher(message == null ? "" : message).replaceAll("line $1, column $2");
        // Jackson quotes the offending token, which may be a secret typed without quotes: say what, not which.
        return UNRECOGNIZED_TOKEN.matcher(located).replaceAll("Unrecognized token");
    }

    private static Position position(JsonLocation location) {
        return location == null ? null : new Position(location.getLineNr(), location.getColumnNr());
    }
}
