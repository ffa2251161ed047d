package io.kubepolicycheck.validator.policyset;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Three limits of Go's {@code regexp/syntax} parser that RE2/J, a port of an older one, lacks. Nested counted
 * repetitions may not make more than 1000 copies of what they repeat ({@code (a{2}){501}}); the parsed
 * expression may not nest more than 1000 deep; its program may not exceed 128 MB of Go's instructions. Without
 * them a pattern Go refuses would load here: hundreds of megabytes of program, or a stack overflow in RE2/J.
 *
 * <p>One pass over the text builds only what the limits need, piece by piece:
 * <ul>
 *   <li>the most copies the counted repetitions nested in it make;
 *   <li>a lower bound of its height in Go's tree: each capture group and each repetition is a node there too,
 *       whatever else merges, so a bound over 1000 is over Go's limit as well. Nesting only of the concatenation
 *       and alternation nodes Go also keeps is left to the compile, which the reader guards;
 *   <li>its program size as Go's {@code calcSize} counts it. Go first factors common prefixes out of
 *       alternatives, which only shrinks them, so this may overstate: by at most the prefixes, and only for
 *       patterns of millions of instructions.
 * </ul>
 */
final class GoRegexpLimits {
    /** Go's {@code repeatIsValid(re, 1000)}, {@code maxHeight} and {@code maxSize} (128 MB of 40-byte instructions). */
    private static final int MAX_COPIES = 1000;
    private static final int MAX_HEIGHT = 1000;
    private static final long MAX_SIZE = (128L << 20) / 40;

    static final String NESTS_TOO_DEEPLY = "expression nests too deeply";
    private static final String TOO_LARGE = "expression too large";

    private GoRegexpLimits() {
    }

    /** Go's own error for the first limit the pattern breaks ("error parsing regexp: …"), or null if none. */
    static String violation(String regex) {
        Scan scan = new Scan(regex);
        scan.run();
        return scan.violation;
    }

    static String error(String code, String expr) {
        return "error parsing regexp: " + code + ": `" + expr + "`";
    }

    /**
     * A parsed piece: its height bound, the most copies its nested counted repetitions make of anything (the
     * largest product of counts along one path; capped at 1001, which is already too many), and its size.
     */
    private static final class Piece {
        int height;
        int copies;
        long size;

        Piece(int height, int copies, long size) {
            this.height = height;
            this.copies = copies;
            this.size = size;
        }
    }

    /** An open group: the pieces read so far, folded, and the last one, which a repetition may still apply to. */
    private static final class Group {
        final boolean capture;
        int height;
        int copies = 1;
        /** Alternatives so far: a concatenation adds its pieces' sizes, an alternation theirs and one per bar. */
        long size;
        boolean emptyAlternative = true;
        Piece last;

        Group(boolean capture) {
            this.capture = capture;
        }

        void closeLast() {
            if (last != null) {
                height = Math.max(height, last.height);
                copies = Math.max(copies, last.copies);
                size = capped(size + last.size);
                emptyAlternative = false;
                last = null;
            }
        }

        /** The alternative ends: an empty one still matches the empty string, one instruction. */
        void endAlternative() {
            closeLast();
            if (emptyAlternative) {
                size = capped(size + 1);
            }
        }

        void bar() {
            endAlternative();
            size = capped(size + 1);
            emptyAlternative = true;
        }

        /** As a piece: a capture group adds its two instructions. */
        Piece close() {
            endAlternative();
            return new Piece(Math.max(height, 1) + (capture ? 1 : 0), copies, capture ? capped(2 + size) : size);
        }
    }

    /**
     * Robust on any text, as it runs before the compile that reports syntax errors; where the syntax is wrong it
     * reads something, and the compile refuses the pattern.
     */
    private static final class Scan {
        final String s;
        final Deque<Group> groups = new ArrayDeque<>();
        int i;
        /** The first limit broken, as Go reports it: it stops at the first. */
        String violation;

        Scan(String s) {
            this.s = s;
            groups.push(new Group(false));
        }

        void run() {
            while (i < s.length() && violation == null) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> characterClass();
                    case '(' -> open();
                    case ')' -> close();
                    case '|' -> {
                        g().bar();
                        i++;
                    }
                    case '*', '+', '?' -> {
                        i++;
                        repeated(c);
                    }
                    case '{' -> counted();
                    default -> literal();
                }
            }
            if (violation == null && groups.getLast().close().size > MAX_SIZE) {
                violation = error(TOO_LARGE, s);
            }
        }

        void piece(Piece p) {
            g().closeLast();
            g().last = p;
            checked(p);
        }

        void checked(Piece p) {
            if (violation != null) {
                return;
            }
            if (p.height > MAX_HEIGHT) {
                violation = error(NESTS_TOO_DEEPLY, s);
            } else if (p.size > MAX_SIZE || g().size > MAX_SIZE) {
                violation = error(TOO_LARGE, s);
            }
        }

        Group g() {
            return groups.peek();
        }

        /** {@code *}, {@code +} or {@code ?}: a node over the last piece, which Go does not count as copies. */
        void repeated(char op) {
            lazy();
            Piece last = g().last;
            if (last != null) {
                last.height++;
                last.size = capped((op == '*' ? 2 : 1) + last.size);
                checked(last);
            }
        }

        void lazy() {
            if (i < s.length() && s.charAt(i) == '?') {
                i++;
            }
        }

        /**
         * Go's {@code parseRepeat}: {@code {n}}, {@code {n,}} or {@code {n,m}}; anything else is a literal brace. A
         * count over 1000 or a range backwards is refused as written; otherwise, as Go's {@code repeatIsValid}
         * puts it, this count times the most copies nested in the piece may not exceed 1000. {@code x{0}} makes
         * no copies of what it holds, and an open {@code x{0,}} counts as one.
         */
        void counted() {
            int start = i;
            int j = i + 1;
            int min = number(j);
            if (min == NOT_A_NUMBER) {
                literal();
                return;
            }
            j = skipDigits(j);
            int max = min;
            if (j < s.length() && s.charAt(j) == ',') {
                j++;
                if (j < s.length() && s.charAt(j) == '}') {
                    max = -1;
                } else {
                    max = number(j);
                    if (max == NOT_A_NUMBER) {
                        literal();
                        return;
                    }
                    j = skipDigits(j);
                }
            }
            if (j >= s.length() || s.charAt(j) != '}') {
                literal();
                return;
            }
            i = j + 1;
            if (min > MAX_COPIES || max > MAX_COPIES || (max >= 0 && min > max)) {
                badRepeat(start);
                return;
            }
            lazy();
            Piece last = g().last;
            if (last == null) {
                return;
            }
            last.height++;
            last.size = capped(max < 0
                    ? (min == 0 ? 2 + last.size : 1 + min * last.size)
                    : Math.max(1, max * last.size + (max - min)));
            checked(last);
            if (max == 0) {
                last.copies = 1;
                return;
            }
            int count = Math.max(1, max < 0 ? min : max);
            last.copies = Math.min(MAX_COPIES + 1, count * last.copies);
            if (last.copies > MAX_COPIES) {
                badRepeat(start);
            }
        }

        void badRepeat(int start) {
            if (violation == null) {
                violation = error("invalid repeat count", s.substring(start, i));
            }
        }

        private static final int NOT_A_NUMBER = Integer.MIN_VALUE;

        /** Digits without a leading zero, as Go reads them; a count too large for the limits reads as 1001. */
        int number(int j) {
            int end = skipDigits(j);
            if (end == j || (s.charAt(j) == '0' && end - j > 1)) {
                return NOT_A_NUMBER;
            }
            return end - j > 4 ? MAX_COPIES + 1 : Integer.parseInt(s.substring(j, end));
        }

        int skipDigits(int j) {
            while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            return j;
        }

        void literal() {
            i++;
            literalPiece();
        }

        void literalPiece() {
            piece(new Piece(1, 1, 1));
        }

        /**
         * One character or class: {@code \p{…}}, {@code \P{…}} and {@code \x{…}} take braces, {@code \xhh} two
         * hex digits, an octal escape up to three digits. {@code \Q…\E} quotes a run of literals, of which a
         * repetition after it applies to the last.
         */
        void escape() {
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (next == 'Q') {
                int end = s.indexOf("\\E", i + 2);
                int quoted = (end < 0 ? s.length() : end) - (i + 2);
                i = end < 0 ? s.length() : end + 2;
                if (quoted > 1) {
                    piece(new Piece(1, 1, quoted - 1));
                }
                if (quoted > 0) {
                    literalPiece();
                }
                return;
            }
            i += 2;
            if ((next == 'p' || next == 'P' || next == 'x') && i < s.length() && s.charAt(i) == '{') {
                int close = s.indexOf('}', i);
                i = close < 0 ? s.length() : close + 1;
            } else if (next == 'x') {
                i = Math.min(i + 2, s.length());
            } else if (next >= '0' && next <= '7') {
                for (int k = 0; k < 2 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                    i++;
                }
            }
            literalPiece();
        }

        /**
         * To its closing bracket: a first {@code ]} is literal, escapes and {@code [:name:]} are skipped whole. A
         * {@code [:} with no {@code :]} after it is literal, and so is every later one: one search, not one each.
         */
        void characterClass() {
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '^') {
                j++;
            }
            if (j < s.length() && s.charAt(j) == ']') {
                j++;
            }
            boolean namedClassesEnd = true;
            while (j < s.length() && s.charAt(j) != ']') {
                if (s.charAt(j) == '\\') {
                    j += 2;
                } else if (namedClassesEnd && s.startsWith("[:", j)) {
                    int end = s.indexOf(":]", j + 2);
                    namedClassesEnd = end >= 0;
                    j = end >= 0 ? end + 2 : j + 1;
                } else {
                    j++;
                }
            }
            i = Math.min(j + 1, s.length());
            literalPiece();
        }

        /** {@code (?flags)} only sets flags, {@code (?flags:…)} groups without capturing, other groups capture. */
        void open() {
            if (s.startsWith("(?", i)) {
                int j = i + 2;
                while (j < s.length() && "imsU-".indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == ')') {
                    i = j + 1;
                    return;
                }
                if (j < s.length() && s.charAt(j) == ':') {
                    i = j + 1;
                    groups.push(new Group(false));
                    return;
                }
            }
            i++;
            groups.push(new Group(true));
        }

        void close() {
            i++;
            if (groups.size() == 1) {
                return;
            }
            piece(groups.pop().close());
        }
    }

    /** Sizes stop just over the limit, so no sum or product of them overflows. */
    private static long capped(long size) {
        return Math.min(size, MAX_SIZE + 1);
    }
}
