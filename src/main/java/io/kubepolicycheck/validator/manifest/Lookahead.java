package io.kubepolicycheck.validator.manifest;

import java.io.IOException;
import java.io.Reader;

/** The first characters of a text, read to tell JSON from YAML, then handed on with the rest of it. */
final class Lookahead {
    private final Reader in;
    private final StringBuilder seen = new StringBuilder();

    Lookahead(Reader in) {
        this.in = in;
    }

    /** See {@link DocumentSource}: an array, or an object whose first key is quoted, or an empty object. */
    boolean looksLikeJson() throws IOException {
        int i = skipBlank(0);
        if (peek(i) == '[') {
            int next = skipBlank(i + 1);
            if (peek(next) != '{') {
                return true;
            }
            i = next;
        }
        if (peek(i) != '{') {
            return false;
        }
        int key = skipBlank(i + 1);
        return peek(key) < 0 || peek(key) == '"' || peek(key) == '}';
    }

    /** Whether the text, read as JSON, is one object rather than an array of documents. */
    boolean isObject() throws IOException {
        return peek(skipBlank(0)) == '{';
    }

    /** The whole text again, as JSON reads it: without a byte order mark at its very start. */
    Reader skipByteOrderMark() throws IOException {
        if (peek(0) == '\uFEFF') {
            seen.deleteCharAt(0);
        }
        return replay();
    }

    /** The whole text again: what was looked at, then the rest. */
    Reader replay() {
        return new Reader() {
            private int next;

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                if (next < seen.length()) {
                    int n = Math.min(length, seen.length() - next);
                    seen.getChars(next, next + n, buffer, offset);
                    next += n;
                    return n;
                }
                return in.read(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private int skipBlank(int from) throws IOException {
        int i = from;
        while (peek(i) == '\uFEFF' || peek(i) >= 0 && Character.isWhitespace(peek(i))) {
            i++;
        }
        return i;
    }

    /** The character at {@code i}, or -1 past the end. */
    private int peek(int i) throws IOException {
        while (seen.length() <= i) {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            seen.append((char) c);
        }
        return seen.charAt(i);
    }
}
