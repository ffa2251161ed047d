package io.kubepolicycheck.bench;

import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.render.JsonRenderer;
import io.kubepolicycheck.validator.verdict.Verdict;
import io.kubepolicycheck.validator.workload.PodSpecSchema;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a check spends, stage by stage: parsing (the parse-only floor), then, on the parsed file, decoding the pod
 * fields' types, judging every object against the set, writing the verdict JSON. Average time per file, so a
 * small input's absolute cost is read off directly. Run with bench/stages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StagesBenchmark {
    @Param({"deployment.json"})
    public String file;

    @Param({""})
    public String corpusDir;

    @Param({"pss-restricted", "psp-five"})
    public String policySet;

    private final Validator validator = new Validator();
    private final ManifestParser parser = new ManifestParser(Limits.DEFAULT);
    private ManifestInput input;
    private List<KubernetesObject> objects;
    private LoadedPolicySet set;
    private Verdict verdict;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        input = new ManifestInput(file, Corpus.read(corpusDir, file));
        objects = parser.parse(input.content(), input.source());
        set = BenchPolicySets.load(policySet);
        verdict = validator.judgeAll(set.set(), set.ref(), objects, AdmissionAttributes.DEFAULT);
    }

    @Benchmark
    public List<KubernetesObject> parse() throws Exception {
        return parser.parse(input.content(), input.source());
    }

    @Benchmark
    public int decode() throws Exception {
        for (KubernetesObject object : objects) {
            PodSpecSchema.check(object);
        }
        return objects.size();
    }

    @Benchmark
    public Verdict judge() {
        return validator.judgeAll(set.set(), set.ref(), objects, AdmissionAttributes.DEFAULT);
    }

    @Benchmark
    public String render() {
        return JsonRenderer.INSTANCE.render(verdict);
    }
}
