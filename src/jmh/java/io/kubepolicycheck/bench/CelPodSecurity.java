package io.kubepolicycheck.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The CEL baseline of issue 15's target: the restricted Pod Security Standard written as a ValidatingAdmissionPolicy
 * ({@code cel/pod-security-restricted.yaml}) and evaluated with cel-java, one object at a time on one thread, as the
 * API server evaluates a request. It reads a multi-document YAML file (a List's items too) with SnakeYAML and
 * writes one JSON verdict, each Pod's failed validations, and exits 1 if any Pod is denied, as {@code check} does.
 * Not part of the product: bench/pods times it beside the jar ({@code JARS="target/kube-policy-check.jar cel"}).
 *
 * <p>{@code --conformance DIR} instead judges every Pod of the upstream fixtures and compares the verdicts with
 * {@code DIR/expected.tsv} at the restricted level, so the baseline is known to do the same work: exit 2 on a
 * difference.
 */
public final class CelPodSecurity {
    private static final String POLICY = "/cel/pod-security-restricted.yaml";

    private record Variable(String name, CelRuntime.Program program) {
    }

    private record Validation(CelRuntime.Program program, String message) {
    }

    private final List<Variable> variables = new ArrayList<>();
    private final List<Validation> validations = new ArrayList<>();

    CelPodSecurity(Map<String, Object> policy) throws CelValidationException, CelEvaluationException {
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("object", SimpleType.DYN)
                .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .build();
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
        Map<String, Object> spec = map(policy.get("spec"));
        for (Object v : (List<?>) spec.get("variables")) {
            Map<String, Object> variable = map(v);
            variables.add(new Variable((String) variable.get("name"),
                    runtime.createProgram(compile(compiler, (String) variable.get("expression")))));
        }
        for (Object v : (List<?>) spec.get("validations")) {
            Map<String, Object> validation = map(v);
            CelAbstractSyntaxTree ast = compile(compiler, (String) validation.get("expression"));
            validations.add(new Validation(runtime.createProgram(ast), (String) validation.get("message")));
        }
    }

    private static CelAbstractSyntaxTree compile(CelCompiler compiler, String expression)
            throws CelValidationException {
        return compiler.compile(expression).getAst();
    }

    /** The messages of the validations a Pod fails, in the policy's order; empty if it is admitted. */
    List<String> judge(Map<String, Object> pod) throws CelEvaluationException {
        Map<String, Object> values = new HashMap<>();
        Map<String, Object> activation = Map.of("object", pod, "variables", values);
        for (Variable variable : variables) {
            values.put(variable.name(), variable.program().eval(activation));
        }
        List<String> failed = new ArrayList<>();
        for (Validation validation : validations) {
            if (!Boolean.TRUE.equals(validation.program().eval(activation))) {
                failed.add(validation.message());
            }
        }
        return failed;
    }

    public static void main(String[] args) throws Exception {
        CelPodSecurity cel;
        try (InputStream in = CelPodSecurity.class.getResourceAsStream(POLICY)) {
            cel = new CelPodSecurity(map(yaml().load(in)));
        }
        if (args.length == 2 && args[0].equals("--conformance")) {
            System.exit(cel.conformance(Path.of(args[1])));
        }
        if (args.length != 1) {
            System.err.println("usage: CelPodSecurity FILE | --conformance DIR");
            System.exit(2);
        }
        System.exit(cel.check(Path.of(args[0]), new BufferedOutputStream(System.out, 1 << 16)));
    }

    /**
     * Every document of {@code file} in turn, and every item of a List ({@code kubectl get pods -A -o yaml}), its
     * verdict written as it is made; 1 if any Pod is denied.
     */
    int check(Path file, OutputStream out) throws IOException, CelEvaluationException {
        int[] podsAndDenied = new int[2];
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("resources");
            for (Object document : yaml().loadAll(reader)) {
                for (Object object : objects(document)) {
                    if (object instanceof Map<?, ?> pod && "Pod".equals(pod.get("kind"))) {
                        write(g, map(longs(pod)), podsAndDenied);
                    }
                }
            }
            g.writeEndArray();
            g.writeBooleanField("allowed", podsAndDenied[1] == 0);
            g.writeObjectFieldStart("summary");
            g.writeNumberField("pods", podsAndDenied[0]);
            g.writeNumberField("denied", podsAndDenied[1]);
            g.writeEndObject();
            g.writeEndObject();
        }
        return podsAndDenied[1] == 0 ? 0 : 1;
    }

    /** A List's items, or the document itself. */
    private static List<?> objects(Object document) {
        if (document instanceof Map<?, ?> list && String.valueOf(list.get("kind")).endsWith("List")
                && list.get("items") instanceof List<?> items) {
            return items;
        }
        return Collections.singletonList(document);
    }

    /** A Pod's verdict, counted in {@code podsAndDenied}. */
    private void write(JsonGenerator g, Map<String, Object> pod, int[] podsAndDenied)
            throws IOException, CelEvaluationException {
        List<String> failed = judge(pod);
        podsAndDenied[0]++;
        podsAndDenied[1] += failed.isEmpty() ? 0 : 1;
        Map<String, Object> metadata = map(pod.getOrDefault("metadata", Map.of()));
        g.writeStartObject();
        g.writeStringField("kind", "Pod");
        g.writeStringField("name", String.valueOf(metadata.get("name")));
        g.writeBooleanField("allowed", failed.isEmpty());
        g.writeArrayFieldStart("violations");
        for (String message : failed) {
            g.writeString(message);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The fixtures' verdicts at the restricted level against expected.tsv: 0 if all agree, else 2. */
    int conformance(Path dir) throws IOException, CelEvaluationException {
        int agree = 0;
        List<String> differ = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected.tsv"))) {
            String[] columns = line.split("\t");
            if (columns.length < 3 || !columns[1].equals("restricted")) {
                continue;
            }
            Object pod;
            try (Reader reader = Files.newBufferedReader(dir.resolve(columns[0]), StandardCharsets.UTF_8)) {
                pod = yaml().load(reader);
            }
            List<String> failed = judge(map(longs(pod)));
            String verdict = failed.isEmpty() ? "allow" : "deny";
            if (verdict.equals(columns[2])) {
                agree++;
            } else {
                differ.add(columns[0] + ": expected " + columns[2] + ", CEL says " + verdict + " " + failed);
            }
        }
        System.out.println("CEL baseline agrees with expected.tsv (restricted) on " + agree + " of "
                + (agree + differ.size()) + " pods");
        differ.forEach(System.out::println);
        return differ.isEmpty() ? 0 : 2;
    }

    /** SnakeYAML as a checker would set it up: safe types, and no cap on a document's size (a List is one). */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return new Yaml(new SafeConstructor(options));
    }

    /** YAML's integers as CEL's int, a long, as the API server's unstructured objects hold them. */
    private static Object longs(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, longs(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(longs(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
