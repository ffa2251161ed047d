package io.kubepolicycheck.bench;

import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks in one go and prints the figures the README quotes: documents per second for parse-only
 * and check, their ratio, bytes allocated per document (JMH's gc profiler) and, when the handler benchmark is
 * present, its p50/p99 latency. Argument: [corpusDir], a folder whose .yaml/.yml/.json files replace the corpus.
 * The check runs with every policy set of {@link BenchPolicySets#ALL} that this build can load.
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        String corpusDir = args.length > 0 ? args[0] : "";
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BenchReport.class.getPackageName() + ".*Benchmark")
                .addProfiler("gc")
                .param("corpusDir", corpusDir)
                .param("policySet", BenchPolicySets.ALL.toArray(String[]::new));
        if (!corpusDir.isEmpty()) {
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(corpusDir))) {
                options.param("file", files.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches(".*\\.(yaml|yml|json)$")).sorted().toArray(String[]::new));
            }
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<List<String>, Map<String, RunResult>> byFile = new LinkedHashMap<>();
        List<RunResult> latency = new ArrayList<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            if (r.getParams().getParamsKeys().contains("file")) {
                List<String> key = List.of(r.getParams().getParam("file"), r.getParams().getParam("policySet"));
                byFile.computeIfAbsent(key, f -> new LinkedHashMap<>()).put(method, r);
            } else {
                latency.add(r);
            }
        }
        Validator validator = new Validator();
        System.out.println();
        System.out.println("| file | policy set | docs | parse-only docs/s | check docs/s | check / parse | parse B/doc | check B/doc |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<List<String>, Map<String, RunResult>> e : byFile.entrySet()) {
            String file = e.getKey().get(0);
            int docs = validator.parse(new ManifestInput(file, Corpus.read(corpusDir, file))).size();
            RunResult parse = e.getValue().get("parseOnly");
            RunResult check = e.getValue().get("check");
            double parseDocs = parse.getPrimaryResult().getScore() * docs;
            double checkDocs = check.getPrimaryResult().getScore() * docs;
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.2f | %.0f | %.0f |%n", file, e.getKey().get(1), docs,
                    parseDocs, checkDocs, checkDocs / parseDocs, allocPerOp(parse) / docs, allocPerOp(check) / docs);
        }
        for (RunResult r : latency) {
            Result<?> primary = r.getPrimaryResult();
            var stats = primary.getStatistics();
            System.out.printf(Locale.ROOT, "%s %s: p50 %.3f ms, p99 %.3f ms (n=%d), %.0f B allocated/op%n",
                    r.getParams().getBenchmark(), r.getParams().getParam("event"),
                    stats.getPercentile(50) / 1000.0, stats.getPercentile(99) / 1000.0, stats.getN(), allocPerOp(r));
        }
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
