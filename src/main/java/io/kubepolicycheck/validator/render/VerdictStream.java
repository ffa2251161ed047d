package io.kubepolicycheck.validator.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.PolicySetRef;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verdict written resource by resource, for inputs of any size: the same bytes as {@link VerdictRenderer} gives
 * for the whole verdict, in memory that does not grow with the input. What depends on every resource
 * ({@code allowed}, {@code summary}) comes first in json, so json's resources (and text's lines, which a failed
 * input must not leave written) wait in a {@link Spool} until {@link #finish()}, and so do sarif's results, whose
 * rules (one per check seen) come before them; junit's test cases wait likewise, for their suite's counts. Markdown
 * keeps only what its message shows. An input that fails once some of its resources were handed in is taken back
 * ({@link #begin()}, {@link #discard()}) and reported as an error instead, as the whole-input path, which parses an
 * input whole before judging it, never judges any of it. Within an input, the items of a List read in parts are
 * taken back likewise ({@link #beginDocument()}, {@link #discardDocument()}) when the document has to be read whole
 * after all. Not thread-safe: resources are handed in input order by one thread.
 */
public abstract class VerdictStream implements Closeable {
    static final int INPUT = 0;
    static final int DOCUMENT = 1;

    private final PolicySetRef policySet;
    private final OutputStream out;
    private final List<InputError> errors = new ArrayList<>();
    private long total;
    private long denied;
    /** What each level of mark took: 0 the input's start, 1 the start of a document within it. */
    private final long[] markTotal = new long[2];
    private final long[] markDenied = new long[2];

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
            case JUNIT -> new JUnitStream(policySet, out);
        };
    }

    /** The start of an input's resources: what {@link #discard()} takes back to. */
    public final void begin() throws IOException {
        mark(INPUT);
    }

    /** Takes back the resources handed in since {@link #begin()}: their input turned out not to be checkable. */
    public final void discard() throws IOException {
        reset(INPUT);
    }

    /** The start of a document's resources within the input begun last: what {@link #discardDocument()} takes back to. */
    public final void beginDocument() throws IOException {
        mark(DOCUMENT);
    }

    /** Takes back the resources handed in since {@link #beginDocument()}: the document is to be read again whole. */
    public final void discardDocument() throws IOException {
        reset(DOCUMENT);
    }

    private void mark(int level) throws IOException {
        markTotal[level] = total;
        markDenied[level] = denied;
        save(level);
    }

    private void reset(int level) throws IOException {
        total = markTotal[level];
        denied = markDenied[level];
        restore(level);
    }

    /** The next resource of the input. */
    public final void resource(ResourceVerdict r) throws IOException {
        total++;
        denied += r.allowed() ? 0 : 1;
        write(r);
    }

    /**
     * A resource's verdict with what this output makes of it, made ahead of its turn on any thread, so that the
     * one thread writing in order only copies it: json's resource or text's lines, encoded. Uses nothing of this
     * stream's state.
     */
    public Prepared prepare(ResourceVerdict r) throws IOException {
        return Prepared.unencoded(r);
    }

    /** The next resource of the input, {@link #prepare prepared} by this stream. */
    public final void resource(Prepared p) throws IOException {
        total++;
        denied += p.verdict.allowed() ? 0 : 1;
        write(p);
    }

    /** A resource's verdict and, when the output has one, its encoded form. */
    public static final class Prepared {
        private final ResourceVerdict verdict;
        private final byte[] encoded;

        private Prepared(ResourceVerdict verdict, byte[] encoded) {
            this.verdict = verdict;
            this.encoded = encoded;
        }

        /** A verdict that the writing thread encodes itself. */
        public static Prepared unencoded(ResourceVerdict verdict) {
            return new Prepared(verdict, null);
        }
    }

    /** An input that could not be checked, reported after the resources, in the order given. */
    public final void error(InputError e) {
        errors.add(e);
    }

    /** Whether nothing was found: no resource and no input that failed. */
    public final boolean isEmpty() {
        return total == 0 && errors.isEmpty();
    }

    /** Writes the verdict to the output: the head, then the resources, then the rest. */
    public final Verdict finish() throws IOException {
        Verdict totals = Verdict.totals(policySet, total, denied, errors);
        finish(totals, out);
        out.flush();
        return totals;
    }

    final boolean anyDenied() {
        return denied > 0;
    }

    final boolean anyResource() {
        return total > 0;
    }

    abstract void write(ResourceVerdict r) throws IOException;

    void write(Prepared p) throws IOException {
        write(p.verdict);
    }

    /** Remembers where the output stands, as mark {@code level}. */
    abstract void save(int level) throws IOException;

    /** Takes the output back to mark {@code level}; the totals are already back. */
    abstract void restore(int level) throws IOException;

    abstract void finish(Verdict totals, OutputStream out) throws IOException;

    /** Json: the resources go to the spool inside the structure they end up in; the head is written before them. */
    private static final class JsonStream extends VerdictStream {
        private final Spool spool = new Spool();
        private final PolicySetRef policySet;
        private JsonGenerator body;
        private long opening;
        private final long[] mark = new long[2];

        JsonStream(PolicySetRef policySet, OutputStream out) throws IOException {
            super(policySet, out);
            this.policySet = policySet;
            open();
        }

        /**
         * The same structure as the head's up to the array's opening, so the resources that follow are laid out at
         * their depth; only what comes after this opening is copied.
         */
        private void open() throws IOException {
            spool.truncate(0);
            body = JsonRenderer.generator(spool).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            JsonRenderer.head(body, Verdict.totals(policySet, 0, 0, List.of()));
            body.flush();
            opening = spool.size();
        }

        @Override
        void write(ResourceVerdict r) throws IOException {
            JsonRenderer.resource(body, r);
        }

        @Override
        public Prepared prepare(ResourceVerdict r) throws IOException {
            return new Prepared(r, JsonRenderer.encodedResource(r));
        }

        @Override
        void write(Prepared p) throws IOException {
            if (p.encoded == null) {
                write(p.verdict);
            } else {
                body.writeRawValue(new EncodedValue(p.encoded));
            }
        }

        @Override
        void save(int level) throws IOException {
            body.flush();
            mark[level] = spool.size();
        }

        @Override
        void restore(int level) throws IOException {
            if (!anyResource()) {
                // the generator counts the array's values to place commas: with none left it must start again
                open();
                return;
            }
            body.flush();
            spool.truncate(mark[level]);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            body.writeEndArray();
            if (!totals.errors().isEmpty()) {
                JsonRenderer.errors(body, totals.errors());
            }
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

    /** Text: one line per finding, then a line per input that could not be checked, then the summary line. */
    private static final class TextStream extends VerdictStream {
        private final Spool spool = new Spool();
        private final StringBuilder lines = new StringBuilder();
        private final long[] mark = new long[2];

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

        @Override
        public Prepared prepare(ResourceVerdict r) {
            StringBuilder own = new StringBuilder();
            TextRenderer.resource(own, r);
            return new Prepared(r, own.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        void write(Prepared p) throws IOException {
            if (p.encoded == null) {
                write(p.verdict);
                return;
            }
            if (lines.length() > 0) {
                drain();
            }
            spool.write(p.encoded);
        }

        private void drain() throws IOException {
            spool.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            lines.setLength(0);
        }

        @Override
        void save(int level) throws IOException {
            drain();
            mark[level] = spool.size();
        }

        @Override
        void restore(int level) throws IOException {
            lines.setLength(0);
            spool.truncate(mark[level]);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            TextRenderer.errors(lines, totals.errors());
            TextRenderer.summary(lines, totals, anyDenied());
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
        private final MarkdownRenderer.Findings.Mark[] mark = new MarkdownRenderer.Findings.Mark[2];

        MarkdownStream(PolicySetRef policySet, OutputStream out) {
            super(policySet, out);
        }

        @Override
        void write(ResourceVerdict r) {
            findings.add(r);
        }

        @Override
        void save(int level) {
            mark[level] = findings.mark();
        }

        @Override
        void restore(int level) {
            findings.reset(mark[level]);
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
        private JsonGenerator body;
        private long opening;
        private long results;
        private final long[] mark = new long[2];
        private final long[] markResults = new long[2];
        private final int[] markRules = new int[2];

        SarifStream(PolicySetRef policySet, OutputStream out) throws IOException {
            super(policySet, out);
            open();
        }

        /** As deep as the results array of the whole log: {"runs": [{"results": [ ... */
        private void open() throws IOException {
            spool.truncate(0);
            body = SarifRenderer.partGenerator(spool);
            body.writeStartObject();
            body.writeFieldName("runs");
            body.writeStartArray();
            body.writeStartObject();
            body.writeFieldName("results");
            body.writeStartArray();
            body.flush();
            opening = spool.size();
        }

        @Override
        void write(ResourceVerdict r) throws IOException {
            for (SarifRenderer.Result result : log.results(r)) {
                result.write(body);
                results++;
            }
        }

        @Override
        void save(int level) throws IOException {
            body.flush();
            mark[level] = spool.size();
            markResults[level] = results;
            markRules[level] = log.mark();
        }

        @Override
        void restore(int level) throws IOException {
            log.reset(markRules[level]);
            results = markResults[level];
            if (results == 0) {
                // the generator counts the array's values to place commas: with none left it must start again
                open();
                return;
            }
            body.flush();
            spool.truncate(mark[level]);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            SarifRenderer.tail(body, totals);
            body.close();
            spool.write('\n');
            // The head: the whole log up to its results' opening, with every rule seen.
            JsonGenerator head = SarifRenderer.partGenerator(out);
            log.head(head);
            head.close();
            spool.copyTo(out, opening);
        }

        @Override
        public void close() throws IOException {
            spool.close();
        }
    }

    /**
     * JUnit: a suite per input file, whose counts open it, so each suite's test cases wait in the spool (as byte
     * ranges: a file named twice adds to its suite) and are written under their suite's head at the end.
     */
    private static final class JUnitStream extends VerdictStream {
        private final Spool spool = new Spool();
        private final Map<String, Suite> suites = new LinkedHashMap<>();
        private final StringBuilder testcase = new StringBuilder();
        /** The suite whose test case the spool ends with, so the next of the same suite extends its range. */
        private Suite last;
        private final Suite[] lastAtMark = new Suite[2];
        private final long[] mark = new long[2];
        /** The suite an input since each mark added to, as it was before: an input's resources are of one file. */
        private final Suite[] touched = new Suite[2];
        private final Suite[] before = new Suite[2];

        /** A suite's counts and where its test cases are in the spool. */
        private static final class Suite {
            private long tests;
            private long failures;
            private long skipped;
            private final List<long[]> ranges = new ArrayList<>();
            private final List<InputError> errors = new ArrayList<>();

            Suite copy() {
                Suite copy = new Suite();
                copy.tests = tests;
                copy.failures = failures;
                copy.skipped = skipped;
                ranges.forEach(r -> copy.ranges.add(r.clone()));
                return copy;
            }
        }

        JUnitStream(PolicySetRef policySet, OutputStream out) {
            super(policySet, out);
        }

        @Override
        void write(ResourceVerdict r) throws IOException {
            String name = JUnitRenderer.suiteName(r.source());
            Suite suite = suites.get(name);
            for (int level = INPUT; level <= DOCUMENT; level++) {
                if (touched[level] == null) {
                    before[level] = suite == null ? null : suite.copy();
                }
            }
            if (suite == null) {
                suite = new Suite();
                suites.put(name, suite);
            }
            for (int level = INPUT; level <= DOCUMENT; level++) {
                if (touched[level] == null) {
                    touched[level] = suite;
                }
            }
            testcase.setLength(0);
            JUnitRenderer.testcase(testcase, name, r);
            byte[] bytes = testcase.toString().getBytes(StandardCharsets.UTF_8);
            long start = spool.size();
            spool.write(bytes);
            if (last == suite) {
                suite.ranges.get(suite.ranges.size() - 1)[1] = spool.size();
            } else {
                suite.ranges.add(new long[] {start, spool.size()});
            }
            last = suite;
            suite.tests++;
            suite.failures += r.allowed() ? 0 : 1;
            suite.skipped += r.checked() ? 0 : 1;
        }

        @Override
        void save(int level) {
            mark[level] = spool.size();
            lastAtMark[level] = last;
            touched[level] = null;
            before[level] = null;
        }

        @Override
        void restore(int level) throws IOException {
            Suite suite = touched[level];
            if (suite != null) {
                String name = suites.entrySet().stream().filter(e -> e.getValue() == suite)
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                if (before[level] == null) {
                    suites.remove(name);
                    if (touched[INPUT] == suite) {
                        // the input began with the document: nothing of it is left in any suite
                        touched[INPUT] = null;
                        before[INPUT] = null;
                    }
                } else {
                    suite.tests = before[level].tests;
                    suite.failures = before[level].failures;
                    suite.skipped = before[level].skipped;
                    suite.ranges.clear();
                    before[level].ranges.forEach(r -> suite.ranges.add(r.clone()));
                }
            }
            touched[level] = null;
            before[level] = null;
            last = lastAtMark[level];
            spool.truncate(mark[level]);
        }

        @Override
        void finish(Verdict totals, OutputStream out) throws IOException {
            for (InputError e : totals.errors()) {
                suites.computeIfAbsent(JUnitRenderer.suiteName(e.source()), s -> new Suite()).errors.add(e);
            }
            long tests = 0;
            long failures = 0;
            long errors = 0;
            for (Suite suite : suites.values()) {
                tests += suite.tests + suite.errors.size();
                failures += suite.failures;
                errors += suite.errors.size();
            }
            StringBuilder text = new StringBuilder();
            JUnitRenderer.head(text, tests, failures, errors);
            for (Map.Entry<String, Suite> entry : suites.entrySet()) {
                Suite suite = entry.getValue();
                JUnitRenderer.suiteHead(text, entry.getKey(), suite.tests + suite.errors.size(), suite.failures,
                        suite.errors.size(), suite.skipped, totals);
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
                for (long[] range : suite.ranges) {
                    spool.copyTo(out, range[0], range[1]);
                }
                JUnitRenderer.suiteEnd(text, entry.getKey(), suite.errors);
            }
            out.write(JUnitRenderer.end(text).toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            spool.close();
        }
    }
}
