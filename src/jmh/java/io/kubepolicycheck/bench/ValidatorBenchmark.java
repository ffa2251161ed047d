package io.kubepolicycheck.bench;

import io.kubepolicycheck.policystore.BuiltinPolicySets;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.render.JsonRenderer;
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
 * Parse-only (the floor) against check (parse + validate + verdict JSON), per corpus file, one thread.
 * One operation is one file; documents per second = ops/s x documents in the file (BenchReport does that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidatorBenchmark {
    @Param({"pod-single.yaml", "deployment-multi-container.yaml", "app-bundle-30.yaml", "cluster-50.yaml"})
    public String file;

    /** A folder to read {@link #file} from instead of the built-in corpus. */
    @Param({""})
    public String corpusDir;

    @Param({"pss-restricted"})
    public String policySet;

    private final Validator validator = new Validator();
    private ManifestInput input;
    private LoadedPolicySet set;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        input = new ManifestInput(file, Corpus.read(corpusDir, file));
        set = new BuiltinPolicySets().load(policySet);
    }

    @Benchmark
    public List<KubernetesObject> parseOnly() throws Exception {
        return validator.parse(input);
    }

    @Benchmark
    public String check() throws Exception {
        return JsonRenderer.INSTANCE.render(
                validator.check(set.set(), set.ref(), List.of(input), AdmissionAttributes.DEFAULT));
    }
}
