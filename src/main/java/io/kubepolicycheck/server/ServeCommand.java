package io.kubepolicycheck.server;

import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.requestlog.Level;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.requestlog.Starts;
import java.io.IOException;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve [--port 3000]}: the HTTP API on 127.0.0.1 until the process is stopped, configured by the same
 * environment as the Lambda. Each request's lines go to standard error exactly as the Lambda writes them (one
 * JSON object a line), filtered by {@code AWS_LAMBDA_LOG_LEVEL} as Lambda filters them. Exit status 2 for bad
 * usage or configuration, 3 when the port cannot be bound.
 */
public final class ServeCommand {
    public static final String USAGE = "java -jar kube-policy-check.jar serve [--port 3000]";
    private static final int BAD_INPUT = 2;
    private static final int CANNOT_SERVE = 3;

    private ServeCommand() {
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        int port = 3000;
        ApiGatewayHandler handler;
        try {
            for (int i = 0; i < args.size(); i++) {
                if (!args.get(i).equals("--port") || i + 1 >= args.size()) {
                    throw new IllegalArgumentException(args.get(i).equals("--port") ? "--port needs a value"
                            : "unknown argument " + args.get(i));
                }
                port = port(args.get(++i));
            }
            handler = new ApiGatewayHandler(ApiGatewayHandler.create(env), requestLog(env, err));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: " + USAGE);
            return BAD_INPUT;
        }
        LocalServer server;
        try {
            server = LocalServer.start(port, handler);
        } catch (IOException e) {
            err.println("error: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return CANNOT_SERVE;
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

    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be a port number (0-65535), not \"" + text + "\"");
        }
        return port;
    }
}
