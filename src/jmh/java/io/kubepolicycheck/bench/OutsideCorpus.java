package io.kubepolicycheck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a folder of manifests the benchmark corpus does not contain, for {@code bench/run <folder>}: the README's
 * example Deployment, and Pods of the upstream Pod Security conformance fixtures (not shipped in this repository,
 * read from where they are) each as YAML and as the same object in JSON.
 * Arguments: outDir conformanceDir.
 */
public final class OutsideCorpus {
    /** Denied at restricted for different checks, and allowed: fixtures of 0.5 to 0.6 kB as YAML. */
    private static final List<String> PODS = List.of("restricted/fail/capabilities_restricted1",
            "restricted/fail/runasnonroot1", "restricted/fail/seccompprofile_restricted2", "restricted/fail/hostports1",
            "restricted/pass/base", "restricted/pass/runasnonroot0");

    private OutsideCorpus() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path conformance = Path.of(args[1]);
        Files.createDirectories(out);
        Files.copy(Path.of("examples/deployment.yaml"), out.resolve("example-deployment.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (String pod : PODS) {
            Path yaml = conformance.resolve(pod + ".yaml");
            String name = pod.substring("restricted/".length()).replace('/', '-');
            String text = Files.readString(yaml);
            Files.writeString(out.resolve(name + ".yaml"), text);
            Object tree = new Yaml().load(text);
            Files.writeString(out.resolve(name + ".json"), json.writeValueAsString(tree) + "\n");
        }
        System.out.println(out + ": " + (1 + 2 * PODS.size()) + " manifests");
    }
}
