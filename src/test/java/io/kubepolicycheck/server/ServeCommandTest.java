package io.kubepolicycheck.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.RequestRecord;
import io.kubepolicycheck.requestlog.StoreOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(int port, Map<String, String> env) {
        return ServeCommand.run(port, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badConfigurationExitsWith2AndSaysWhy() {
        assertEquals(2, run(0, Map.of("POLICY_BUCKET", "b", "POLICY_DIR", "/tmp")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("POLICY_BUCKET or POLICY_DIR, not both"));
        assertEquals(2, run(0, Map.of("MAX_MANIFEST_BYTES", "lots")));
        assertEquals(2, run(0, Map.of("POLICY_DIR", "/no/such/dir")));
        assertEquals(2, run(0, Map.of("POLICY_BUCKET", "b", "AWS_ENDPOINT_URL_S3", "not-a-url")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("AWS_ENDPOINT_URL_S3"));
        assertEquals(2, run(0, Map.of("METRICS_POLICY_SETS", "team-a,../etc")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("\"../etc\" is not a set id"));
    }

    @Test
    void aPortInUseExitsWith2NamingTheAddress() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertEquals(2, run(port, Map.of()));
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: cannot listen on 127.0.0.1:" + port + ": "),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void linesBelowAwsLambdaLogLevelAreDroppedAsLambdaDropsThem() {
        RequestLog log = ServeCommand.requestLog(Map.of("AWS_LAMBDA_LOG_LEVEL", "warn"),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        RequestRecord record = RequestRecord.begin();
        record.policySet("team-a", "v1", true);
        record.store(StoreOutcome.STALE);
        record.storeFailure("Unable to execute HTTP request");

        log.write(new RequestLog.Request(null, "r", "GET", "/v1/policy-sets/team-a", 200, "ok", 1), record);

        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length, err.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].contains("\"type\":\"policy-store\""), lines[0]);
        assertTrue(lines[0].contains("\"level\":\"WARN\""), lines[0]);
    }
}
