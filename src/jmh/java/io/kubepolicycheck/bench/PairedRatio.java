package io.kubepolicycheck.bench;

import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Param;

/**
 * The check / parse-only ratio of each file, measured in pairs: after a warm-up, parse-only and check each run for
 * a short slice, back to back, in alternating order, and each pair gives one ratio. A neighbour's load that slows
 * the machine for seconds slows both halves of a pair alike, so the median of the pairs' ratios moves far less
 * than the ratio of two throughputs measured minutes apart (what {@link BenchReport} prints). It runs the very
 * {@link ValidatorBenchmark} methods against each policy set, in a fresh JVM per file, as JMH forks one per
 * benchmark. The whole corpus's ratio weighs each file's paired ratio by the time its parse takes: the check
 * time of the corpus as one job is the sum over files of parse time / ratio.
 *
 * <p>Arguments: [corpusDir]: prints a table for the corpus (the built-in one, or a folder's manifests). Run
 * with corpusDir ("" for the built-in corpus) and a file, it measures that file alone and prints one line per
 * policy set: {@code set parseOpsPerSecond checkOpsPerSecond medianRatio lowQuartile highQuartile}.
 */
public final class PairedRatio {
    private static final long SLICE_NANOS = 250_000_000L;
    private static final int WARMUP_PAIRS = 10;
    private static final int PAIRS = 30;

    /** Written with every result so that the JIT cannot drop the work. */
    private static volatile int sink;

    private PairedRatio() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2) {
            measure(args[0], args[1]);
        } else {
            report(args.length > 0 ? args[0] : "");
        }
    }

    private static void report(String corpusDir) throws Exception {
        Validator validator = new Validator();
        Map<String, Corpus.Totals> corpus = new LinkedHashMap<>();
        System.out.println("| file | policy set | docs | parse-only docs/s | check docs/s | check / parse, median of pairs | quartiles |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (String file : files(corpusDir)) {
            int docs = validator.parse(new ManifestInput(file, Corpus.read(corpusDir, file))).size();
            for (String[] row : child(corpusDir, file)) {
                double parse = Double.parseDouble(row[1]);
                double ratio = Double.parseDouble(row[3]);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.2f | %.2f–%.2f |%n", file, row[0], docs,
                        parse * docs, Double.parseDouble(row[2]) * docs, ratio, Double.parseDouble(row[4]),
                        Double.parseDouble(row[5]));
                // The file's check rate as its pairs measured it against its parse rate: parse rate × ratio.
                corpus.computeIfAbsent(row[0], s -> new Corpus.Totals()).add(docs, parse, parse * ratio, 0, 0);
            }
        }
        for (Map.Entry<String, Corpus.Totals> e : corpus.entrySet()) {
            Corpus.Totals t = e.getValue();
            System.out.printf(Locale.ROOT, "| whole corpus | %s | %d | %.0f | %.0f | %.2f | |%n", e.getKey(), t.docs,
                    t.parseDocsPerSecond(), t.checkDocsPerSecond(), t.checkDocsPerSecond() / t.parseDocsPerSecond());
        }
    }

    /** Measures one file in a fresh JVM with this one's class path; its lines, split. */
    private static List<String[]> child(String corpusDir, String file) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PairedRatio.class.getName(), corpusDir, file)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rows.add(line.split(" "));
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("measuring " + file + " failed");
        }
        return rows;
    }

    private static void measure(String corpusDir, String file) throws Exception {
        for (String set : BenchPolicySets.ALL) {
            ValidatorBenchmark bench = new ValidatorBenchmark();
            bench.corpusDir = corpusDir;
            bench.file = file;
            bench.policySet = set;
            bench.setUp();
            for (int i = 0; i < WARMUP_PAIRS; i++) {
                pair(bench, i);
            }
            double[] parse = new double[PAIRS];
            double[] check = new double[PAIRS];
            double[] ratios = new double[PAIRS];
            for (int i = 0; i < PAIRS; i++) {
                double[] p = pair(bench, i);
                parse[i] = p[0];
                check[i] = p[1];
                ratios[i] = p[1] / p[0];
            }
            System.out.printf(Locale.ROOT, "%s %.1f %.1f %.4f %.4f %.4f%n", set, quantile(parse, 0.5),
                    quantile(check, 0.5), quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75));
        }
    }

    /** One pair: operations per second of parse-only and of check, the one that runs first alternating. */
    private static double[] pair(ValidatorBenchmark bench, int i) throws Exception {
        double parse;
        double check;
        if (i % 2 == 0) {
            parse = slice(bench, false);
            check = slice(bench, true);
        } else {
            check = slice(bench, true);
            parse = slice(bench, false);
        }
        return new double[] {parse, check};
    }

    private static double slice(ValidatorBenchmark bench, boolean check) throws Exception {
        long start = System.nanoTime();
        long end = start + SLICE_NANOS;
        long ops = 0;
        long now;
        int acc = 0;
        do {
            // The clock is read every 8 operations: reading it costs about as much as a few hundred bytes of parsing.
            for (int k = 0; k < 8; k++) {
                acc += check ? bench.check().length() : bench.parseOnly().size();
            }
            ops += 8;
            now = System.nanoTime();
        } while (now < end);
        sink = acc;
        return ops * 1e9 / (now - start);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = (int) Math.ceil(at);
        return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
    }

    /** The built-in corpus's files (the benchmark's own list), or a folder's manifests. */
    private static List<String> files(String corpusDir) throws Exception {
        if (corpusDir.isEmpty()) {
            return List.of(ValidatorBenchmark.class.getField("file").getAnnotation(Param.class).value());
        }
        return List.of(Corpus.manifests(corpusDir));
    }
}
