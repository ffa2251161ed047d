package io.kubepolicycheck.bench;

import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks in one go and prints the figures the README quotes: per file and policy set, documents per
 * second for parse-only and check, their ratio and the bytes allocated per document (JMH's gc profiler); per
 * policy set, the same for the whole corpus as one job (every file once); and, when the handler benchmark is
 * present, its p50/p99 latency. Argument: [corpusDir], a folder whose .yaml/.yml/.json files replace the corpus.
 * Parse-only runs once per file; check runs per file and policy set; then the handler.
 * The check runs with every policy set of {@link BenchPolicySets#ALL} that this build can load.
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        String corpusDir = args.length > 0 ? args[0] : "";
        String[] files = null;
        if (!corpusDir.isEmpty()) {
            files = Corpus.manifests(corpusDir);
        }
        String benchmarks = ValidatorBenchmark.class.getName();
        // Parse-only does not depend on the policy set: one run per file, then check once per file and set.
        Collection<RunResult> parses = run(options(corpusDir, files)
                .include(benchmarks + ".parseOnly").param("policySet", BenchPolicySets.ALL.get(0)));
        Collection<RunResult> checks = run(options(corpusDir, files)
                .include(benchmarks + ".check").param("policySet", BenchPolicySets.ALL.toArray(String[]::new)));
        Collection<RunResult> latency = run(base().include(HandlerBenchmark.class.getName()));

        Map<String, RunResult> parseByFile = new LinkedHashMap<>();
        for (RunResult r : parses) {
            parseByFile.put(r.getParams().getParam("file"), r);
        }
        Validator validator = new Validator();
        Map<String, Corpus.Totals> bySet = new LinkedHashMap<>();
        System.out.println();
        System.out.println("| file | policy set | docs | parse-only docs/s | check docs/s | check / parse | parse B/doc | check B/doc |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (RunResult check : checks) {
            String file = check.getParams().getParam("file");
            String set = check.getParams().getParam("policySet");
            int docs = validator.parse(new ManifestInput(file, Corpus.read(corpusDir, file))).size();
            RunResult parse = parseByFile.get(file);
            double parseDocs = parse.getPrimaryResult().getScore() * docs;
            double checkDocs = check.getPrimaryResult().getScore() * docs;
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.2f | %.0f | %.0f |%n", file, set, docs,
                    parseDocs, checkDocs, checkDocs / parseDocs, allocPerOp(parse) / docs, allocPerOp(check) / docs);
            bySet.computeIfAbsent(set, s -> new Corpus.Totals()).add(docs, parse.getPrimaryResult().getScore(),
                    check.getPrimaryResult().getScore(), allocPerOp(parse), allocPerOp(check));
        }
        // The corpus as one job, every file once: documents over the summed time of one operation per file.
        for (Map.Entry<String, Corpus.Totals> e : bySet.entrySet()) {
            Corpus.Totals t = e.getValue();
            System.out.printf(Locale.ROOT, "| whole corpus | %s | %d | %.0f | %.0f | %.2f | %.0f | %.0f |%n", e.getKey(),
                    t.docs, t.parseDocsPerSecond(), t.checkDocsPerSecond(),
                    t.checkDocsPerSecond() / t.parseDocsPerSecond(), t.parseBytes / t.docs, t.checkBytes / t.docs);
        }
        for (RunResult r : latency) {
            Result<?> primary = r.getPrimaryResult();
            var stats = primary.getStatistics();
            System.out.printf(Locale.ROOT, "%s %s: p50 %.3f ms, p99 %.3f ms (n=%d), %.0f B allocated/op%n",
                    r.getParams().getBenchmark(), r.getParams().getParam("event"),
                    stats.getPercentile(50) / 1000.0, stats.getPercentile(99) / 1000.0, stats.getN(), allocPerOp(r));
        }
    }

    private static ChainedOptionsBuilder options(String corpusDir, String[] files) {
        ChainedOptionsBuilder options = base().param("corpusDir", corpusDir);
        return files == null ? options : options.param("file", files);
    }

    /** JMH's gc profiler always; with {@code BENCH_QUICK} set, one short iteration each: a smoke test of the harness. */
    private static ChainedOptionsBuilder base() {
        ChainedOptionsBuilder options = new OptionsBuilder().addProfiler("gc");
        if (System.getenv("BENCH_QUICK") != null) {
            TimeValue second = TimeValue.seconds(1);
            options.warmupIterations(1).warmupTime(second).measurementIterations(1).measurementTime(second);
        }
        return options;
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder options) throws Exception {
        return new Runner(options.build()).run();
    }

    private static double allocPerOp(RunResult r) {
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }
}
