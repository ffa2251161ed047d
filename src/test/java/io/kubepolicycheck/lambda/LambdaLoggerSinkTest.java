package io.kubepolicycheck.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubepolicycheck.requestlog.Level;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The sink writes each line as it is, one a line, through Lambda's runtime logger at every level; outside Lambda
 * that logger writes to standard output.
 */
class LambdaLoggerSinkTest {
    @Test
    void eachLineIsWrittenAsItIsAtEveryLevel() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LambdaLoggerSink sink = new LambdaLoggerSink();
            for (Level level : Level.values()) {
                sink.write(level, "{\"level\":\"" + level + "\",\"\u00e9\":1}");
            }
        } finally {
            System.setOut(stdout);
        }

        StringBuilder expected = new StringBuilder();
        for (Level level : Level.values()) {
            expected.append("{\"level\":\"").append(level).append("\",\"\u00e9\":1}\n");
        }
        assertEquals(expected.toString(), captured.toString(StandardCharsets.UTF_8));
    }
}
