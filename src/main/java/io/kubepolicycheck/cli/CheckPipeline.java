package io.kubepolicycheck.cli;

import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.DocumentSource;
import io.kubepolicycheck.validator.manifest.JsonList;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.manifest.Utf8Reader;
import io.kubepolicycheck.validator.manifest.YamlChunks;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.render.VerdictStream;
import io.kubepolicycheck.validator.verdict.InputError;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The command line's check of inputs of any size. The reading thread cuts each YAML input at its documents
 * ({@link YamlChunks}) and hands the parts to the other threads, which read, decode and judge them; a JSON input is
 * read a document at a time and its objects judged likewise. The verdicts are written in input order. What is in
 * flight is bounded ({@link #window} tasks, {@link #MAX_TEXT_IN_FLIGHT} characters), so memory holds that, the
 * largest document and the writer's state, whatever the input's size. Where a part does not read as the documents
 * its cut implies, the input is read from that part on as one stream, as it would have been whole.
 *
 * <p>An input that cannot be read or checked (a missing file, broken YAML, a pod field of the wrong type) does not
 * stop the others: the resources of it already written are taken back and it is reported as an {@link InputError},
 * after the resources, in input order, as the whole-input path ({@link Validator#checkEach}) reports it.
 */
final class CheckPipeline {
    /** Characters of YAML handed out and not yet written: the reader keeps this much text to place an error. */
    private static final int MAX_TEXT_IN_FLIGHT = 256 * 1024;

    /**
     * One input to read: its name (null for standard input read alone) and how to open it, whether it can be opened
     * again from its start (a file, not a pipe), or, for an input known not to be readable before it is opened (a
     * missing file, an empty folder), why.
     */
    record Input(String source, Opener opener, boolean reopens, InputError unreadable) {
        Input(String source, Opener opener) {
            this(source, opener, false, null);
        }

        /** A file: a List in it read again is read from the file, not from a copy of its text kept meanwhile. */
        static Input file(String source, Path path) {
            return new Input(source, () -> Files.newInputStream(path), true, null);
        }

        static Input unreadable(InputError error) {
            return new Input(error.source(), null, false, error);
        }
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** An input being read: what it was read through and, once it fails, why. */
    private static final class Reading {
        private final Input input;
        private Scan scan;
        private boolean failed;
        private ManifestException error;
        private InputError unreadable;

        Reading(Input input) {
            this.input = input;
            this.unreadable = input.unreadable();
            this.failed = unreadable != null;
        }

        /** The error to report, once the input was read to its end: only then is it known to be a template. */
        InputError inputError() {
            if (unreadable != null) {
                return unreadable;
            }
            String source = input.source();
            if (scan != null && scan.refusal != null && scan.refusal.getMessage().equals(error.getMessage())) {
                return InputError.of(source, InputError.PAYLOAD_TOO_LARGE, error.getMessage());
            }
            if (scan != null && scan.failure != null
                    && Utf8Reader.unreadable(scan.failure).getMessage().equals(error.getMessage())) {
                return InputError.of(source, InputError.UNREADABLE_INPUT, "cannot read: " + reason(scan.failure));
            }
            ManifestException e = scan != null && scan.template() ? error.withAdvice(Validator.TEMPLATE_ADVICE) : error;
            return InputError.at(source, e.document(), e.line(), e.column(), InputError.INVALID_MANIFEST, e.getMessage());
        }
    }

    /**
     * The bytes of an input as they are read: refused past {@code maxBytes}, so an endless stream cannot run on
     * forever, and looked at for {@code {{} followed by {@code }}}, as {@link Validator#parse} looks at a whole
     * input to advise rendering a template first.
     */
    private static final class Scan extends FilterInputStream {
        private final long maxBytes;
        private long read;
        private boolean opened;
        private boolean closed;
        private boolean brace;
        private ManifestException refusal;
        private IOException failure;

        Scan(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        boolean template() {
            return closed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            lookForBraces(buffer, offset, offset + Math.max(n, 0));
            read += Math.max(n, 0);
            if (read > maxBytes) {
                refusal = new ManifestException("manifest is over the limit of " + maxBytes + " bytes (--max-bytes)",
                        -1, -1, -1);
                throw new Utf8Reader.Refused(refusal);
            }
            return n;
        }

        /** Looks for "{{" and, after it, "}}" ("}}" counts only after the "{{" it closes, as Validator's look has it). */
        private void lookForBraces(byte[] buffer, int from, int to) {
            int i = from;
            while (i < to && !closed) {
                byte wanted = opened ? (byte) '}' : (byte) '{';
                if (!brace) {
                    while (i < to && buffer[i] != wanted) {
                        i++; // most bytes: one comparison each
                    }
                    if (i == to) {
                        return;
                    }
                    brace = true;
                } else {
                    if (buffer[i] == wanted) {
                        opened = true;
                        closed = wanted == '}';
                    }
                    brace = false;
                }
                i++;
            }
        }

        /** Reads what is left, for {@link #template()}: an input that failed part way may hold a template later. */
        void drain() {
            byte[] buffer = new byte[64 * 1024];
            try {
                while (!closed && read(buffer, 0, buffer.length) >= 0) {
                    // each byte read is looked at
                }
            } catch (IOException e) {
                // the input already failed: what the rest holds would only add advice
            }
        }
    }

    /** Why a read failed, without the file name the exception repeats. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * An entry of a List that is not an object the API server would take ({@code object}), or that it would refuse
     * once it is one. Reading the List whole meets the first such error, the first not an object before any other,
     * after reading every entry: so it is kept until the List's head says the document is a List, every part having
     * read cleanly, and then is the input's error, with no second reading.
     */
    private static final class RefusedEntry extends Exception {
        final ManifestException error;
        final boolean object;

        RefusedEntry(ManifestException error, boolean object) {
            super(null, null, false, false);
            this.error = error;
            this.object = object;
        }
    }

    /** A part that must be read with what follows it: the signal to read the rest of its input as one stream. */
    private static final class NotAPart extends Exception {
        NotAPart() {
            super(null, null, false, false);
        }
    }

    /**
     * Work handed out, in input order, for the input being read; a part of a YAML input keeps what is needed to read
     * on from it, an item of a JSON List what is needed to read the object again whole ({@code end}: the List's
     * last, which confirms it). Without a result it stands for the input's failure found while reading it.
     */
    private record Pending(Future<List<VerdictStream.Prepared>> result, Reading reading, YamlChunks chunks,
                           YamlChunks.Chunk chunk, JsonList json, boolean end) {
        Pending(Future<List<VerdictStream.Prepared>> result, Reading reading, YamlChunks chunks, YamlChunks.Chunk chunk) {
            this(result, reading, chunks, chunk, null, false);
        }

        int size() {
            return chunk == null ? 0 : chunk.text().length();
        }

        String source() {
            return reading.input.source();
        }
    }

    private final Validator validator;
    private final Limits limits;
    private final PolicySet set;
    private final AdmissionAttributes attributes;
    private final int workers;
    private final int window;
    /**
     * Whether the workers encode each verdict for the output, leaving the reading thread only to copy it. With more
     * than two workers the reading thread, which reads, cuts and writes, is what bounds the run, and this takes a
     * third of its CPU off it. On two cores it shares them with both workers, so moving the work buys no time and
     * its copies cost 5 to 8 % more CPU (20,000 pods, measured); there the reading thread encodes, but for the
     * entries of a List ({@link #preparedEntry}).
     */
    private final boolean encodeOnWorkers;
    private final long maxBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<Reading> failed = new ArrayList<>();
    private ExecutorService pool;
    /** What the verdicts are written to; each is prepared for it where it was judged. */
    private VerdictStream stream;
    private int textInFlight;
    /** The input whose resources are being written. */
    private Reading writing;
    /** The List document whose items are being written, read in parts. */
    private YamlChunks.ListDocument writingList;
    /**
     * The List (a YAML {@code ListDocument} or a {@link JsonList}) some of whose entries were refused, and its first
     * entry refused and first entry that is not an object; null while none.
     */
    private Object refusing;
    private ManifestException firstRefused;
    private ManifestException firstNotAnObject;

    CheckPipeline(Validator validator, Limits limits, PolicySet set, AdmissionAttributes attributes, int workers,
                  long maxBytes) {
        this.validator = validator;
        this.limits = limits;
        this.set = set;
        this.attributes = attributes;
        this.workers = workers;
        this.window = 256 * Math.max(1, workers);
        this.encodeOnWorkers = workers > 2;
        this.maxBytes = maxBytes;
    }

    /** The threads that read and judge: one a core when there are several; none (all on the caller's) on one. */
    static int defaultWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores > 1 ? cores : 0;
    }

    /**
     * Reads and judges every input, handing each resource to {@code out} in input order, then each input that could
     * not be checked; the caller finishes {@code out}.
     */
    void run(List<Input> inputs, VerdictStream out) throws IOException {
        stream = out;
        pool = workers > 0 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "check");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            for (Input input : inputs) {
                read(new Reading(input), out);
            }
            while (!pending.isEmpty()) {
                writeNext(out);
            }
            for (Reading r : failed) {
                out.error(r.inputError());
            }
        } finally {
            pending.stream().filter(p -> p.result() != null).forEach(p -> p.result().cancel(true));
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void read(Reading reading, VerdictStream out) throws IOException {
        if (reading.failed) {
            submit(new Pending(null, reading, null, null), out);
            return;
        }
        try (InputStream stream = reading.input.opener().open()) {
            reading.scan = new Scan(stream, maxBytes);
            try {
                DocumentSource.Opened opened = DocumentSource.open(new Utf8Reader(reading.scan), limits,
                        reading.input.reopens() ? reading.input.opener()::open : null);
                if (opened.yaml() != null) {
                    readParts(reading, opened.yaml(), out);
                } else if (opened.jsonList() != null) {
                    readItems(reading, opened.jsonList(), out);
                } else {
                    readDocuments(reading, opened.json(), out);
                }
            } catch (ManifestException e) {
                if (!reading.failed) {
                    reading.error = e;
                    submit(new Pending(null, reading, null, null), out);
                }
            }
            reading.scan.drain();
        } catch (IOException e) {
            if (reading.scan != null) {
                throw e; // not the input's own failure, told apart above: writing the output, or closing the input
            }
            reading.unreadable = InputError.of(reading.input.source(), InputError.UNREADABLE_INPUT,
                    "cannot read: " + reason(e));
            submit(new Pending(null, reading, null, null), out);
        }
    }

    /** A YAML input: its parts go to the other threads as they are cut, until it ends or fails. */
    private void readParts(Reading reading, YamlChunks chunks, VerdictStream out)
            throws ManifestException, IOException {
        while (!reading.failed) {
            YamlChunks.Chunk chunk;
            try {
                chunk = chunks.next();
            } catch (IOException e) {
                throw Utf8Reader.unreadable(e);
            }
            if (chunk == null) {
                return;
            }
            String source = reading.input.source();
            textInFlight += chunk.text().length();
            submit(new Pending(task(() -> judgePart(chunks, chunk, source)), reading, chunks, chunk), out);
        }
    }

    private List<VerdictStream.Prepared> judgePart(YamlChunks chunks, YamlChunks.Chunk chunk, String source)
            throws ManifestException, NotAPart, RefusedEntry, IOException {
        YamlChunks.Read read = chunks.read(chunk);
        if (!read.clean()) {
            if (read.decisive()) {
                // reading the input whole would meet the same error: a bomb is refused in its part
                throw read.error();
            }
            throw new NotAPart();
        }
        if (chunk.list() != null) {
            return judgeEntries(read.documents(), source);
        }
        List<VerdictStream.Prepared> verdicts = new ArrayList<>();
        for (DocumentSource.Document d : read.documents()) {
            if (!d.isEmpty()) {
                for (KubernetesObject object : objects(d, source)) {
                    verdicts.add(prepared(object));
                }
            }
        }
        return verdicts;
    }

    /**
     * Entries of a List, in the order reading the List whole takes them: every entry made an object first, then
     * every object judged. An error is the List's if the document turns out to be one ({@link RefusedEntry}).
     */
    private List<VerdictStream.Prepared> judgeEntries(List<DocumentSource.Document> entries, String source)
            throws RefusedEntry, IOException {
        List<KubernetesObject> objects = new ArrayList<>();
        try {
            for (DocumentSource.Document d : entries) {
                if (!d.isEmpty()) {
                    objects.addAll(objects(d, source));
                }
            }
        } catch (ManifestException e) {
            throw new RefusedEntry(e, true);
        }
        List<VerdictStream.Prepared> verdicts = new ArrayList<>(objects.size());
        try {
            for (KubernetesObject object : objects) {
                verdicts.add(preparedEntry(object));
            }
        } catch (ManifestException e) {
            throw new RefusedEntry(e, false);
        }
        return verdicts;
    }

    /** A JSON input: read here a document at a time, its objects judged on the other threads. */
    private void readDocuments(Reading reading, DocumentSource documents, VerdictStream out)
            throws ManifestException, IOException {
        while (!reading.failed) {
            DocumentSource.Document d = documents.next();
            if (d == null) {
                return;
            }
            // an empty document is counted, not checked
            List<KubernetesObject> objects = d.isEmpty() ? List.of() : objects(d, reading.input.source());
            for (KubernetesObject object : objects) {
                submit(new Pending(task(() -> List.of(prepared(object))), reading, null, null), out);
            }
        }
    }

    /**
     * A JSON object: the items of a List judged on the other threads as they are read, or the object itself when it
     * has no items. An error in its text is its error; an item refused is kept for its end ({@link RefusedEntry});
     * where it is not a List after all, it is read again whole when its turn to be written comes.
     */
    private void readItems(Reading reading, JsonList list, VerdictStream out) throws IOException {
        String source = reading.input.source();
        ManifestException notAnObject = null;
        for (DocumentSource.Document d = list.next(); d != null && !reading.failed; d = list.next()) {
            if (d.isEmpty()) {
                continue;
            }
            List<KubernetesObject> objects;
            try {
                objects = objects(d, source);
            } catch (ManifestException e) {
                // read on: a later error in the text comes first, and the List's end says whether it is one
                notAnObject = notAnObject == null ? e : notAnObject;
                continue;
            }
            if (notAnObject != null) {
                continue;
            }
            for (KubernetesObject object : objects) {
                submit(new Pending(task(() -> {
                    try {
                        return List.of(preparedEntry(object));
                    } catch (ManifestException e) {
                        throw new RefusedEntry(e, false);
                    }
                }), reading, null, null, list, false), out);
            }
        }
        if (list.readAgain() || reading.failed) {
            return;
        }
        // JSON is read as it is parsed: an error in the text is where reading it whole meets it, and comes first
        ManifestException unreadable = list.error();
        boolean confirmed = unreadable == null && (list.readWhole() || list.isList());
        if (!confirmed && unreadable == null) {
            list.keepRest(); // before the input is closed
        }
        ManifestException kept = notAnObject;
        submit(new Pending(task(() -> {
            if (unreadable != null) {
                throw unreadable;
            }
            if (!confirmed) {
                throw new NotAPart();
            }
            if (kept != null) {
                throw new RefusedEntry(kept, true);
            }
            return List.of();
        }), reading, null, null, list, true), out);
    }

    private Future<List<VerdictStream.Prepared>> task(Callable<List<VerdictStream.Prepared>> work) {
        FutureTask<List<VerdictStream.Prepared>> task = new FutureTask<>(work);
        if (pool != null) {
            pool.execute(task);
        } else {
            task.run();
        }
        return task;
    }

    private void submit(Pending work, VerdictStream out) throws IOException {
        pending.addLast(work);
        while (pending.size() >= window || textInFlight >= MAX_TEXT_IN_FLIGHT) {
            writeNext(out);
        }
    }

    /**
     * Writes the verdicts of the oldest work, or reads its input on from there when it was not a part, or reports
     * its input as failed; once an input failed, the rest of its work is dropped.
     */
    private void writeNext(VerdictStream out) throws IOException {
        Pending head = pending.pollFirst();
        textInFlight -= head.size();
        Reading reading = head.reading();
        if (reading != writing) {
            writing = reading;
            writingList = null;
            out.begin();
        }
        YamlChunks.ListDocument list = head.chunk() == null ? null : head.chunk().list();
        if (list != null && list != writingList && !failedAlready(reading)) {
            writingList = list;
            out.beginDocument();
        }
        if (head.result() == null) {
            fail(reading, out);
            return;
        }
        if (failedAlready(reading)) {
            head.result().cancel(true);
            return;
        }
        List<VerdictStream.Prepared> verdicts;
        try {
            verdicts = head.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotAPart && head.json() != null) {
                refusing = null;
                readWhole(head, out);
                return;
            }
            if (e.getCause() instanceof NotAPart) {
                refusing = null;
                if (list != null) {
                    out.discardDocument();
                }
                readOnAsOne(head, out);
                return;
            }
            if (e.getCause() instanceof RefusedEntry refused) {
                keep(refused, list != null ? list : head.json(), out);
                if (head.end()) {
                    endList(head, out);
                }
                return;
            }
            if (e.getCause() instanceof ManifestException m) {
                refusing = null;
                if (head.end()) {
                    head.json().close();
                }
                reading.error = m;
                fail(reading, out);
                return;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        }
        Object owner = list != null ? list : head.json();
        if (owner == null || owner != refusing) {
            for (VerdictStream.Prepared v : verdicts) {
                out.resource(v);
            }
        }
        if (head.chunk() != null && head.chunk().kind() == YamlChunks.Kind.LIST_HEAD) {
            head.chunks().confirm(list);
            endList(head, out);
        }
        if (head.end()) {
            endList(head, out);
        }
    }

    /**
     * An entry of a List was refused: what the List wrote is taken back (a YAML List's document, a JSON List's whole
     * input), the rest of it is read but not written (to be read again whole if any part does not read cleanly, or
     * it turns out to be no List), and the first error that reading it whole meets is kept for its end.
     */
    private void keep(RefusedEntry refused, Object list, VerdictStream out) throws IOException {
        if (refusing != list) {
            refusing = list;
            firstRefused = null;
            firstNotAnObject = null;
            if (list instanceof JsonList) {
                out.discard();
            } else {
                out.discardDocument();
            }
        }
        if (refused.object && firstNotAnObject == null) {
            firstNotAnObject = refused.error;
        } else if (!refused.object && firstRefused == null) {
            firstRefused = refused.error;
        }
    }

    /** A List read to its end, and a List after all: an entry kept refused is its input's error. */
    private void endList(Pending end, VerdictStream out) throws IOException {
        if (end.json() != null) {
            end.json().close();
        }
        Object list = end.json() != null ? end.json() : end.chunk().list();
        if (refusing == list) {
            refusing = null;
            end.reading().error = firstNotAnObject != null ? firstNotAnObject : firstRefused;
            fail(end.reading(), out);
        }
    }

    /**
     * A JSON object read again whole, as it always was, and judged here: the List it seemed to be was not one, or
     * something in it was refused. What its items gave is taken back: the object is its input's one document.
     */
    private void readWhole(Pending from, VerdictStream out) throws IOException {
        while (!pending.isEmpty() && pending.peekFirst().json() == from.json()) {
            pending.pollFirst().result().cancel(true);
        }
        out.discard();
        try {
            judgeAll(from.json().whole(), from.source(), out);
        } catch (ManifestException e) {
            from.reading().error = e;
            fail(from.reading(), out);
        } finally {
            from.json().close();
        }
    }

    /** Every document of what is read here, on the reading thread. */
    private void judgeAll(DocumentSource documents, String source, VerdictStream out)
            throws IOException, ManifestException {
        for (DocumentSource.Document d = documents.next(); d != null; d = documents.next()) {
            if (!d.isEmpty()) {
                for (KubernetesObject object : objects(d, source)) {
                    out.resource(check(object));
                }
            }
        }
    }

    private boolean failedAlready(Reading reading) {
        return !failed.isEmpty() && failed.get(failed.size() - 1) == reading;
    }

    /** The input cannot be checked: what of it was written is taken back, and it is reported once, in its place. */
    private void fail(Reading reading, VerdictStream out) throws IOException {
        if (failedAlready(reading)) {
            return;
        }
        reading.failed = true;
        out.discard();
        failed.add(reading);
    }

    /** The rest of an input from a part on, read and judged here as one stream: the parts after it are dropped. */
    private void readOnAsOne(Pending from, VerdictStream out) throws IOException {
        List<YamlChunks.Chunk> later = new ArrayList<>();
        while (!pending.isEmpty() && pending.peekFirst().chunks() == from.chunks()) {
            Pending p = pending.pollFirst();
            p.result().cancel(true);
            textInFlight -= p.size();
            later.add(p.chunk());
        }
        ManifestException standing = from.chunks().syntaxErrorOf(from.chunk(), later);
        if (standing != null) {
            // a List holding a syntax error that reading it whole would meet as well: not read again, not held whole
            from.reading().error = standing;
            fail(from.reading(), out);
            return;
        }
        try {
            judgeAll(from.chunks().rest(from.chunk(), later), from.source(), out);
        } catch (ManifestException e) {
            from.reading().error = e;
            fail(from.reading(), out);
        } finally {
            from.chunks().closeRest();
        }
    }

    private static List<KubernetesObject> objects(DocumentSource.Document d, String source) throws ManifestException {
        return ManifestParser.objects(d.index(), d.root(), source);
    }

    private ResourceVerdict check(KubernetesObject object) throws ManifestException {
        return validator.check(set, object, attributes);
    }

    /** Judged, and on a machine of more than two cores made ready to write too ({@link #encodeOnWorkers}). */
    private VerdictStream.Prepared prepared(KubernetesObject object) throws ManifestException, IOException {
        ResourceVerdict verdict = check(object);
        return encodeOnWorkers ? stream.prepare(verdict) : VerdictStream.Prepared.unencoded(verdict);
    }

    /**
     * An entry of a List, judged and made ready to write on any number of cores: the reading thread also keeps a
     * YAML List's text until its end, or parses a JSON List, and so bounds the run even on two.
     */
    private VerdictStream.Prepared preparedEntry(KubernetesObject object) throws ManifestException, IOException {
        return stream.prepare(check(object));
    }
}
