package io.kubepolicycheck.bench;

import io.kubepolicycheck.admission.AdmissionController;
import io.kubepolicycheck.admission.AdmissionRequest;
import io.kubepolicycheck.admission.AdmissionReviews;
import io.kubepolicycheck.admission.WorkloadMode;
import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.validator.ManifestInput;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.KubernetesObject;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.manifest.ManifestParser;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.policy.AdmissionPhase;
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
 *
 * <p>Check is everything a request does after reading its body: parse, decode the pod fields' types, judge, write
 * the verdict. An AdmissionReview file is judged as the admission route judges it: check reads the review, judges
 * its object and writes the answering review; parse-only reads the same text into the validator's tree, once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidatorBenchmark {
    @Param({"pod-single.yaml", "deployment-multi-container.yaml", "deployment.json", "web-3docs.yaml",
            "app-bundle-30.yaml", "cluster-50.yaml", "admission-review-pod.json", "admission-review-deployment.json"})
    public String file;

    /** A folder to read {@link #file} from instead of the built-in corpus. */
    @Param({""})
    public String corpusDir;

    /** BenchReport runs every set of {@link BenchPolicySets#ALL}. */
    @Param({"pss-restricted"})
    public String policySet;

    private final Validator validator = new Validator();
    private final ManifestParser parser = new ManifestParser(Limits.DEFAULT);
    private final AdmissionController admission = new AdmissionController(validator);
    private ManifestInput input;
    private LoadedPolicySet set;
    private boolean review;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        input = new ManifestInput(file, Corpus.read(corpusDir, file));
        set = BenchPolicySets.load(policySet);
        review = isAdmissionReview(validator.parse(input));
    }

    static boolean isAdmissionReview(List<KubernetesObject> objects) {
        return objects.size() == 1 && "AdmissionReview".equals(objects.get(0).kind());
    }

    /** The manifest parser alone: the located tree, before the validator decodes or judges anything in it. */
    @Benchmark
    public List<KubernetesObject> parseOnly() throws Exception {
        return parser.parse(input.content(), input.source());
    }

    @Benchmark
    public String check() throws Exception {
        if (review) {
            AdmissionRequest request = AdmissionReviews.read(input.content());
            return AdmissionReviews.write(request.apiVersion(), admission.admit(request, set.set(), WorkloadMode.WARN,
                    AdmissionPhase.VALIDATE).response());
        }
        return JsonRenderer.INSTANCE.render(
                validator.check(set.set(), set.ref(), List.of(input), AdmissionAttributes.DEFAULT));
    }
}
