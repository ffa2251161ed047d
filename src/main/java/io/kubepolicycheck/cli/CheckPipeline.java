package io.kubepolicycheck.cli;

import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.DocumentSource;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.manifest.Utf8Reader;
import io.kubepolicycheck.validator.manifest.YamlChunks;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.render.VerdictStream;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
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
 */
final class CheckPipeline {
    /** Characters of YAML handed out and not yet written: the reader keeps this much text to place an error. */
    private static final int MAX_TEXT_IN_FLIGHT = 256 * 1024;

    /** One input to read: its name (null for standard input read alone) and how to open it. */
    record Input(String source, Opener opener) {
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** A part that must be read with what follows it: the signal to read the rest of its input as one stream. */
    private static final class NotAPart extends Exception {
        NotAPart() {
            super(null, null, false, false);
        }
    }

    /** Work handed out, in input order; a part of a YAML input keeps what is needed to read on from it. */
    private record Pending(Future<List<ResourceVerdict>> result, String source, YamlChunks chunks,
                           YamlChunks.Chunk chunk) {
        int size() {
            return chunk == null ? 0 : chunk.text().length();
        }
    }

    private final Validator validator;
    private final Limits limits;
    private final PolicySet set;
    private final AdmissionAttributes attributes;
    private final int workers;
    private final int window;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private ExecutorService pool;
    private int textInFlight;

    CheckPipeline(Validator validator, Limits limits, PolicySet set, AdmissionAttributes attributes, int workers) {
        this.validator = validator;
        this.limits = limits;
        this.set = set;
        this.attributes = attributes;
        this.workers = workers;
        this.window = 256 * Math.max(1, workers);
    }

    /** The threads that read and judge: one a core when there are several; none (all on the caller's) on one. */
    static int defaultWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores > 1 ? cores : 0;
    }

    Verdict run(List<Input> inputs, VerdictStream out) throws ManifestException, IOException {
        pool = workers > 0 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "check");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            for (Input input : inputs) {
                read(input, out);
            }
            while (!pending.isEmpty()) {
                writeNext(out);
            }
            return out.finish();
        } finally {
            pending.forEach(p -> p.result().cancel(true));
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void read(Input input, VerdictStream out) throws ManifestException, IOException {
        try (InputStream stream = input.opener().open()) {
            DocumentSource.Opened opened;
            try {
                opened = DocumentSource.open(new Utf8Reader(stream), limits);
            } catch (ManifestException e) {
                throw readError(e, input.source(), out);
            }
            if (opened.yaml() != null) {
                readParts(input.source(), opened.yaml(), out);
            } else {
                readDocuments(input.source(), opened.json(), out);
            }
        }
    }

    /** A YAML input: its parts go to the other threads as they are cut. */
    private void readParts(String source, YamlChunks chunks, VerdictStream out) throws ManifestException, IOException {
        while (true) {
            YamlChunks.Chunk chunk;
            try {
                chunk = chunks.next();
            } catch (IOException e) {
                throw readError(Utf8Reader.unreadable(e), source, out);
            }
            if (chunk == null) {
                return;
            }
            submit(new Pending(task(() -> judgePart(chunks, chunk, source)), source, chunks, chunk), out);
            textInFlight += chunk.text().length();
        }
    }

    private List<ResourceVerdict> judgePart(YamlChunks chunks, YamlChunks.Chunk chunk, String source)
            throws ManifestException, NotAPart {
        YamlChunks.Read read = chunks.read(chunk);
        if (!read.clean()) {
            throw new NotAPart();
        }
        List<ResourceVerdict> verdicts = new ArrayList<>();
        for (DocumentSource.Document d : read.documents()) {
            if (!d.isEmpty()) {
                for (KubernetesObject object : objects(d, source)) {
                    verdicts.add(check(object));
                }
            }
        }
        return verdicts;
    }

    /** A JSON input: read here a document at a time, its objects judged on the other threads. */
    private void readDocuments(String source, DocumentSource documents, VerdictStream out)
            throws ManifestException, IOException {
        while (true) {
            List<KubernetesObject> objects;
            try {
                DocumentSource.Document d = documents.next();
                if (d == null) {
                    return;
                }
                // an empty document is counted, not checked
                objects = d.isEmpty() ? List.of() : objects(d, source);
            } catch (ManifestException e) {
                throw readError(e, source, out);
            }
            for (KubernetesObject object : objects) {
                submit(new Pending(task(() -> List.of(check(object))), source, null, null), out);
            }
        }
    }

    private Future<List<ResourceVerdict>> task(Callable<List<ResourceVerdict>> work) {
        FutureTask<List<ResourceVerdict>> task = new FutureTask<>(work);
        if (pool != null) {
            pool.execute(task);
        } else {
            task.run();
        }
        return task;
    }

    private void submit(Pending work, VerdictStream out) throws ManifestException, IOException {
        pending.addLast(work);
        while (pending.size() >= window || textInFlight >= MAX_TEXT_IN_FLIGHT) {
            writeNext(out);
        }
    }

    /** Writes the verdicts of the oldest work, or reads its input on from there when it was not a part. */
    private void writeNext(VerdictStream out) throws ManifestException, IOException {
        Pending head = pending.pollFirst();
        textInFlight -= head.size();
        List<ResourceVerdict> verdicts;
        try {
            verdicts = head.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotAPart) {
                readOnAsOne(head, out);
                return;
            }
            if (e.getCause() instanceof ManifestException m) {
                throw m;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        }
        for (ResourceVerdict v : verdicts) {
            out.resource(v);
        }
    }

    /** The rest of an input from a part on, read and judged here as one stream: the parts after it are dropped. */
    private void readOnAsOne(Pending from, VerdictStream out) throws ManifestException, IOException {
        List<YamlChunks.Chunk> later = new ArrayList<>();
        while (!pending.isEmpty() && pending.peekFirst().chunks() == from.chunks()) {
            Pending p = pending.pollFirst();
            p.result().cancel(true);
            textInFlight -= p.size();
            later.add(p.chunk());
        }
        DocumentSource rest = from.chunks().rest(from.chunk(), later);
        try {
            for (DocumentSource.Document d = rest.next(); d != null; d = rest.next()) {
                if (!d.isEmpty()) {
                    for (KubernetesObject object : objects(d, from.source())) {
                        out.resource(check(object));
                    }
                }
            }
        } catch (ManifestException e) {
            throw from.source() == null || e.source() != null ? e : e.withSource(from.source());
        }
    }

    /** An error reading an input, unless work handed out before it holds one of its own, which comes first. */
    private ManifestException readError(ManifestException e, String source, VerdictStream out)
            throws ManifestException, IOException {
        while (!pending.isEmpty()) {
            writeNext(out);
        }
        return source == null ? e : e.withSource(source);
    }

    private static List<KubernetesObject> objects(DocumentSource.Document d, String source) throws ManifestException {
        try {
            return ManifestParser.objects(d.index(), d.root(), source);
        } catch (ManifestException e) {
            throw source == null ? e : e.withSource(source);
        }
    }

    private ResourceVerdict check(KubernetesObject object) throws ManifestException {
        try {
            return validator.check(set, object, attributes);
        } catch (ManifestException e) {
            throw object.source() == null ? e : e.withSource(object.source());
        }
    }
}
