package io.kubepolicycheck.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.kubepolicycheck.requestlog.Level;
import io.kubepolicycheck.requestlog.RequestLog;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Request log lines through Lambda's runtime logger, so {@code AWS_LAMBDA_LOG_LEVEL} filters them. As bytes: the
 * runtime writes a byte message as it is, where a String message in the JSON log format would be nested as an
 * escaped string under {@code message} (the runtime interface client's JsonLogFormatter), hiding the line's
 * fields from Logs Insights and its {@code _aws} member from metric extraction. Each line is already a JSON
 * object with {@code timestamp} and {@code level}, as Lambda's JSON format expects. Outside Lambda the runtime's
 * logger writes to standard output.
 */
final class LambdaLoggerSink implements RequestLog.Sink {
    /** A logger that drops every line: SnapStart priming walks the sink's path without writing to the log. */
    static final LambdaLogger DROP = new LambdaLogger() {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }

        @Override
        public void log(byte[] message, LogLevel level) {
        }
    };

    private final Supplier<LambdaLogger> logger;

    /** Lines to the runtime's logger, looked up at each line as the runtime may replace it. */
    LambdaLoggerSink() {
        this(LambdaRuntime::getLogger);
    }

    LambdaLoggerSink(Supplier<LambdaLogger> logger) {
        this.logger = logger;
    }

    @Override
    public void write(Level level, String line) {
        logger.get().log((line + "\n").getBytes(StandardCharsets.UTF_8), LogLevel.valueOf(level.name()));
    }
}
