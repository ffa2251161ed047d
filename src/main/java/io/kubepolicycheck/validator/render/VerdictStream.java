package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A verdict written resource by resource, for inputs of any size: the same bytes as {@link VerdictRenderer} gives
 * for the whole verdict, in memory that does not grow with the input. What depends on every resource
 * ({@code allowed}, {@code summary}) comes first in json, so json's resources (and text's lines, which an error
 * must not leave half-written) wait in a {@link Spool} until {@link #finish()}, and so do sarif's results, whose
 * rules (one per check seen) come before them. Markdown keeps only what its message shows. Not thread-safe:
 * resources are handed in input order by one thread.
 */
public abstract class VerdictStream implements Closeable {
    private final PolicySetRef policySet;
    private final OutputStream out;
    private long total;
    private long denied;

    private VerdictStream(PolicySetRef policySet, OutputStream out) {
        this.policySet = policySet;
        this.out = out;
    }

    public static VerdictStream of(Format format, PolicySetRef policySet, OutputStream out) throws IOException {
        return switch (format) {
            case JSON -> new JsonStream(policySet, out);
            case TEXT -> new TextStream(policySet, out);
            case MARKDOWN -> new MarkdownStream(policySet, out);
            case SARIF -> new SarifStream(policySet, out);
        };
    }

    /** The next resource of the input. */
    public final void resource(ResourceVerdict r) throws IOException {
        total++;
        denied += r.allowed() ? 0 : 1;
        write(r);
    }

    /** Writes the verdict to the output: the head, then the resources, then the rest. */
    public final Verdict finish() throws IOException {
        Verdict totals = Verdict.totals(policySet, total, denied);
        finish(totals, out);
        out.flush();
        return totals;
    }

    abstract void write(ResourceVerdict r) throws IOException;

    abstract void finish(Verdict totals, OutputStream out) throws IOException;

    /** Json: the resources go to the spool inside the structure they end up in; the head is written before them. */
    private static final class JsonStream extends VerdictStream {
        private final Spool spool = new Spool();
        private final JsonGenerator body;
        private final long opening;

        JsonStream(PolicySetRef policySet, OutputStream out) throws IOException {
            super(policySet, out);
            body = JsonRenderer.generator(spool).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // The same structure as the head's up to the array's opening, so the resources that follow are laid
            // out at their depth; only what comes after this opening is copied.
            JsonRenderer.head(body, Verdict.totals(policySet, 0, 0));
            body.flush();
            opening = spool.size();
        }

        @Override
        void write(ResourceVerdict r) throws IOException {
            JsonRenderer.resource(body, r);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            body.writeEndArray();
            body.writeEndObject();
            body.close();
            spool.write('\n');
            // The head stops at the array's opening: its generator must neither close what it opened nor the output.
            JsonGenerator head = JsonRenderer.generator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            JsonRenderer.head(head, totals);
            head.close();
            spool.copyTo(out, opening);
        }

        @Override
        public void close() throws IOException {
            spool.close();
        }
    }

    /** Text: one line per finding, then the summary line. */
    private static final class TextStream extends VerdictStream {
        private final Spool spool = new Spool();
        private final StringBuilder lines = new StringBuilder();

        TextStream(PolicySetRef policySet, OutputStream out) {
            super(policySet, out);
        }

        @Override
        void write(ResourceVerdict r) throws IOException {
            TextRenderer.resource(lines, r);
            if (lines.length() > 8192) {
                drain();
            }
        }

        private void drain() throws IOException {
            spool.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            lines.setLength(0);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            TextRenderer.summary(lines, totals);
            drain();
            spool.copyTo(out, 0);
        }

        @Override
        public void close() throws IOException {
            spool.close();
        }
    }

    /** Markdown: what its message shows (the first findings, the counts) is gathered as the resources come. */
    private static final class MarkdownStream extends VerdictStream {
        private final MarkdownRenderer.Findings findings = new MarkdownRenderer.Findings();

        MarkdownStream(PolicySetRef policySet, OutputStream out) {
            super(policySet, out);
        }

        @Override
        void write(ResourceVerdict r) {
            findings.add(r);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            out.write(findings.render(totals).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            // nothing held outside memory
        }
    }

    /**
     * Sarif: each resource's results go to the spool inside the structure they end up in; the rules, one per check
     * seen, are known at the end and written in the head before them, as for json.
     */
    private static final class SarifStream extends VerdictStream {
        private final Spool spool = new Spool();
        private final SarifRenderer.Log log = new SarifRenderer.Log();
        private final JsonGenerator body;
        private final long opening;

        SarifStream(PolicySetRef policySet, OutputStream out) throws IOException {
            super(policySet, out);
            body = sarifGenerator(spool);
            // As deep as the results array of the whole log: {"runs": [{"results": [ ...
            body.writeStartObject();
            body.writeFieldName("runs");
            body.writeStartArray();
            body.writeStartObject();
            body.writeFieldName("results");
            body.writeStartArray();
            body.flush();
            opening = spool.size();
        }

        /** A generator laid out as {@link Json#PRETTY} lays out the whole log, closing neither content nor output. */
        private static JsonGenerator sarifGenerator(OutputStream out) throws IOException {
            JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            return g;
        }

        @Override
        void write(ResourceVerdict r) throws IOException {
            for (ObjectNode result : log.results(r)) {
                Json.MAPPER.writeTree(body, result);
            }
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            body.writeEndArray();
            body.writeFieldName("properties");
            Json.MAPPER.writeTree(body, SarifRenderer.properties(totals));
            body.writeEndObject();
            body.writeEndArray();
            body.writeEndObject();
            body.close();
            spool.write('\n');
            // The head: the whole log up to its results' opening, with every rule seen.
            ObjectNode head = log.head();
            JsonGenerator g = sarifGenerator(out);
            g.writeStartObject();
            for (String field : new String[] {"$schema", "version"}) {
                g.writeFieldName(field);
                Json.MAPPER.writeTree(g, head.get(field));
            }
            g.writeFieldName("runs");
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("tool");
            Json.MAPPER.writeTree(g, head.get("runs").get(0).get("tool"));
            g.writeFieldName("results");
            g.writeStartArray();
            g.close();
            spool.copyTo(out, opening);
        }

        @Override
        public void close() throws IOException {
            spool.close();
        }
    }
}
