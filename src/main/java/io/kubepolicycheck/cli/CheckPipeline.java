package io.kubepolicycheck.cli;

import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.DocumentSource;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestException;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.manifest.Utf8Reader;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.PolicySet;
import io.kubepolicycheck.validator.render.VerdictStream;
import io.kubepolicycheck.validator.verdict.ResourceVerdict;
import io.kubepolicycheck.validator.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The command line's check of inputs of any size: each input is read a document at a time, its objects are judged
 * on the other cores while the next documents are read, and the verdicts are written in input order. At most
 * {@link #window} objects are in flight, so memory holds them, the document being read and the writer's state,
 * whatever the input's size. The first error in input order wins, as when every input was read before judging.
 */
final class CheckPipeline {
    /** One input to read: its name (null for standard input read alone) and how to open it. */
    record Input(String source, Opener opener) {
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private final Validator validator;
    private final Limits limits;
    private final PolicySet set;
    private final AdmissionAttributes attributes;
    private final int workers;
    private final int window;

    CheckPipeline(Validator validator, Limits limits, PolicySet set, AdmissionAttributes attributes, int workers) {
        this.validator = validator;
        this.limits = limits;
        this.set = set;
        this.attributes = attributes;
        this.workers = workers;
        this.window = 256 * Math.max(1, workers);
    }

    /** The number of threads that judge: every core, the reading thread's own included, when there are several. */
    static int defaultWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores > 1 ? cores : 0;
    }

    Verdict run(List<Input> inputs, VerdictStream out) throws ManifestException, IOException {
        ExecutorService pool = workers > 0 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "check");
            t.setDaemon(true);
            return t;
        }) : null;
        ArrayDeque<Future<ResourceVerdict>> pending = new ArrayDeque<>();
        try {
            for (Input input : inputs) {
                read(input, pool, pending, out);
            }
            while (!pending.isEmpty()) {
                out.resource(next(pending));
            }
            return out.finish();
        } finally {
            pending.forEach(f -> f.cancel(true));
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void read(Input input, ExecutorService pool, ArrayDeque<Future<ResourceVerdict>> pending,
                      VerdictStream out) throws ManifestException, IOException {
        try (InputStream stream = input.opener().open()) {
            DocumentSource documents;
            try {
                documents = DocumentSource.of(new Utf8Reader(stream), limits);
            } catch (ManifestException e) {
                throw readError(e, input, pending);
            }
            while (true) {
                List<KubernetesObject> objects;
                try {
                    DocumentSource.Document d = documents.next();
                    if (d == null) {
                        return;
                    }
                    // an empty or comment-only document is counted, not checked
                    objects = d.isEmpty() ? List.of() : ManifestParser.objects(d.index(), d.root(), input.source());
                } catch (ManifestException e) {
                    throw readError(e, input, pending);
                }
                for (KubernetesObject object : objects) {
                    FutureTask<ResourceVerdict> task = new FutureTask<>(() -> check(object));
                    if (pool != null) {
                        pool.execute(task);
                    } else {
                        task.run();
                    }
                    pending.addLast(task);
                    if (pending.size() >= window) {
                        out.resource(next(pending));
                    }
                }
            }
        }
    }

    /** An error reading an input, unless an object read before it holds one of its own, which comes first. */
    private static ManifestException readError(ManifestException e, Input input,
                                               ArrayDeque<Future<ResourceVerdict>> pending) throws ManifestException {
        while (!pending.isEmpty()) {
            next(pending);
        }
        return input.source() == null ? e : e.withSource(input.source());
    }

    private ResourceVerdict check(KubernetesObject object) throws ManifestException {
        try {
            return validator.check(set, object, attributes);
        } catch (ManifestException e) {
            throw object.source() == null ? e : e.withSource(object.source());
        }
    }

    private static ResourceVerdict next(ArrayDeque<Future<ResourceVerdict>> pending) throws ManifestException {
        Future<ResourceVerdict> head = pending.pollFirst();
        try {
            return head.get();
        } catch (ExecutionException e) {
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
    }
}
