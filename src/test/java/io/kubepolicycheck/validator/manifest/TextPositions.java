package io.kubepolicycheck.validator.manifest;

/** Where a piece of text stands in a manifest, counted the way editors count: line and column from 1. */
final class TextPositions {
    private TextPositions() {
    }

    /**
     * The position of the {@code occurrence}-th (from 1) {@code needle} in {@code text}. A byte-order mark is
     * not a column; a carriage return ends a line only together with its line feed.
     */
    static Position at(String text, String needle, int occurrence) {
        int offset = -1;
        for (int i = 0; i < occurrence; i++) {
            offset = text.indexOf(needle, offset + 1);
            if (offset < 0) {
                throw new IllegalArgumentException("\"" + needle + "\" occurs fewer than " + occurrence + " times");
            }
        }
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        int line = 1;
        for (int i = 0; i < lineStart; i++) {
            line += text.charAt(i) == '\n' ? 1 : 0;
        }
        int column = offset - lineStart + 1;
        if (lineStart == 0 && text.startsWith("\uFEFF")) {
            column--;
        }
        return new Position(line, column);
    }

    static Position at(String text, String needle) {
        return at(text, needle, 1);
    }
}
