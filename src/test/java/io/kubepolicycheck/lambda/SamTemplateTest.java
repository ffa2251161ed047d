package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** What template.yaml promises that follows from Lambda's and API Gateway's own limits. */
class SamTemplateTest {
    /** Lambda's limit on a synchronous invocation's event, in bytes. */
    private static final long LAMBDA_EVENT_LIMIT = 6 * 1024 * 1024;
    /** Room for the rest of an API Gateway event: headers, request context, path and query. */
    private static final long EVENT_ENVELOPE = 64 * 1024;

    /** Reads CloudFormation's short-form functions ({@code !Ref}, {@code !Sub}, ...) as plain values. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        return constructScalar(scalar);
                    }
                    if (node instanceof SequenceNode sequence) {
                        return constructSequence(sequence);
                    }
                    return constructMapping((MappingNode) node);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template() throws IOException {
        return new Yaml(new CloudFormationConstructor()).load(Files.readString(Path.of("template.yaml")));
    }

    @Test
    void theLargestBodyAllowedStillFitsALambdaEventWhenBase64Encoded() throws IOException {
        Map<String, Object> parameters = (Map<String, Object>) template().get("Parameters");
        Map<String, Object> maxManifestBytes = (Map<String, Object>) parameters.get("MaxManifestBytes");
        long largest = ((Number) maxManifestBytes.get("MaxValue")).longValue();

        // API Gateway hands a binary body to the function base64-encoded: 4 bytes for every 3
        long encoded = (largest + 2) / 3 * 4;
        assertTrue(encoded + EVENT_ENVELOPE <= LAMBDA_EVENT_LIMIT, "MaxValue " + largest + " would be a "
                + encoded + "-byte event body, over Lambda's " + LAMBDA_EVENT_LIMIT + "-byte limit: such a body could "
                + "never reach the function to be answered 413 PAYLOAD_TOO_LARGE");
    }
}
