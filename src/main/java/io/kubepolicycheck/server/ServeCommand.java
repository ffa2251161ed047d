package io.kubepolicycheck.server;

import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.requestlog.Level;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.Starts;
import java.io.IOException;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve [--port 3000]}: the HTTP API on 127.0.0.1 until the process is stopped, configured by the same
 * environment as the Lambda. Its options are read by the command line. Each request's lines go to standard error
 * exactly as the Lambda writes them (one JSON object a line), filtered by {@code AWS_LAMBDA_LOG_LEVEL} as Lambda
 * filters them. Exit status 2 for bad configuration or a port that cannot be listened on (3 is kept for the policy
 * store failing).
 */
public final class ServeCommand {
    private static final int BAD_INPUT = 2;

    private ServeCommand() {
    }

    public static int run(int port, Map<String, String> env, PrintStream out, PrintStream err) {
        ApiGatewayHandler handler;
        try {
            handler = new ApiGatewayHandler(ApiGatewayHandler.create(env), requestLog(env, err));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        LocalServer server;
        try {
            server = LocalServer.start(port, handler);
        } catch (IOException e) {
            err.println("error: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return BAD_INPUT;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("kube-policy-check serving on http://127.0.0.1:" + server.port());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The Lambda's request log, to {@code err}. */
    static RequestLog requestLog(Map<String, String> env, PrintStream err) {
        Level least = Level.fromEnvironment(env.get("AWS_LAMBDA_LOG_LEVEL"));
        RequestLog.Sink sink = (level, line) -> {
            if (level.compareTo(least) >= 0) {
                err.println(line);
            }
        };
        return RequestLog.fromEnvironment(sink, new Starts(), InstantSource.system(), env);
    }
}
