package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;

/**
 * Jackson's default pretty printer, byte for byte, with its separators and line indentation kept as pre-encoded
 * UTF-8: the default writes them from strings and character arrays, which the UTF-8 generator re-encodes at each
 * use (measured: about 45 % of writing a Deployment's 2 kB verdict).
 */
final class EncodedPrettyPrinter extends DefaultPrettyPrinter {
    private static final SerializedString FIELD_VALUE_SEPARATOR = new SerializedString(" : ");

    private boolean nested;

    EncodedPrettyPrinter() {
        indentObjectsWith(EncodedIndenter.INSTANCE);
    }

    private EncodedPrettyPrinter(EncodedPrettyPrinter base) {
        super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
        return new EncodedPrettyPrinter(this);
    }

    /**
     * A printer for a value written on its own that will stand {@code levels} deep in a document, so that its lines
     * are indented as they will be there.
     */
    EncodedPrettyPrinter nestedIn(int levels) {
        EncodedPrettyPrinter printer = new EncodedPrettyPrinter(this);
        printer._nesting = levels;
        printer.nested = true;
        return printer;
    }

    /** A nested printer writes one value after another, each taken away before the next: nothing goes between. */
    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        if (!nested) {
            super.writeRootValueSeparator(g);
        }
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(FIELD_VALUE_SEPARATOR);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        _objectIndenter.writeIndentation(g, _nesting);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        _arrayIndenter.writeIndentation(g, _nesting);
    }

    /** {@link DefaultIndenter#SYSTEM_LINEFEED_INSTANCE}'s line feed and two spaces a level, each level encoded once. */
    static final class EncodedIndenter extends DefaultPrettyPrinter.NopIndenter {
        static final EncodedIndenter INSTANCE = new EncodedIndenter();
        private static final int CACHED = 16;

        private final SerializedString[] levels = new SerializedString[CACHED];

        private EncodedIndenter() {
            for (int i = 0; i < CACHED; i++) {
                levels[i] = new SerializedString(indentation(i));
            }
        }

        private static String indentation(int level) {
            return DefaultIndenter.SYS_LF + "  ".repeat(level);
        }

        @Override
        public boolean isInline() {
            return false;
        }

        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
            g.writeRaw(level < CACHED ? levels[level] : new SerializedString(indentation(level)));
        }
    }
}
