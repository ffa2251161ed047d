package io.kubepolicycheck.aws;

import io.kubepolicycheck.api.ApiSettings;
import io.kubepolicycheck.api.PolicyApi;
import io.kubepolicycheck.lambda.ApiGatewayHandler;
import io.kubepolicycheck.requestlog.RequestLog;
import io.kubepolicycheck.server.LocalServer;
import io.kubepolicycheck.testing.Manifests;
import io.kubepolicycheck.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench/abuse}: {@code serve} and the S3 store as an operator and an attacker would measure them, all on
 * 127.0.0.1 and bounded in count and time: S3Proxy in this JVM as S3, behind a relay that counts, slows or drops
 * its requests, and {@code serve} in this JVM with the store built from the environment as the Lambda builds it.
 * Prints one line per scenario with its figures (latencies in ms: median, 90th percentile, max).
 */
public final class AbuseBench {
    private static final String CHECK = "/v1/policy-sets/pss-restricted/check";
    private static final byte[] POD = Manifests.PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8);

    private AbuseBench() {
    }

    public static void main(String[] args) throws Exception {
        int ttlSeconds = 2;
        try (S3ProxyServer s3 = S3ProxyServer.start();
             CountingProxy relay = new CountingProxy(s3.endpoint())) {
            S3Client admin = S3Clients.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint().toString(),
                    "AWS_REGION", "us-east-1"), S3ProxyServer.credentials());
            admin.createBucket(b -> b.bucket("policies"));
            for (String id : List.of("team", "other", "third", "fourth")) {
                admin.putObject(b -> b.bucket("policies").key("policies/" + id + ".yaml"),
                        RequestBody.fromString(Manifests.RESTRICTED_SET));
            }
            Map<String, String> env = Map.of("POLICY_BUCKET", "policies", "AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL_S3", relay.endpoint().toString(),
                    "POLICY_CACHE_TTL_SECONDS", Integer.toString(ttlSeconds));
            PolicyApi api = new PolicyApi(PolicyStores.fromEnvironment(env,
                    e -> S3Clients.fromEnvironment(e, S3ProxyServer.credentials()), InstantSource.system()),
                    ApiSettings.fromEnvironment(env));
            try (LocalServer server = LocalServer.start(0, new ApiGatewayHandler(api, RequestLog.discard()))) {
                int port = server.port();
                System.out.println("java: " + System.getProperty("java.version") + "; cores: "
                        + Runtime.getRuntime().availableProcessors() + "; latencies in ms: median / p90 / max");
                keepAlive(port);
                connectionPerRequest(port);
                slowClients(port);
                unknownIds(port, relay);
                slowS3WithACopy(port, relay, ttlSeconds);
                slowS3WithoutACopy(port, relay, "fourth", Duration.ofSeconds(1));
                slowS3WithoutACopy(port, relay, "third", Duration.ofSeconds(3));
                s3DownWithoutACopy(port, relay);
            }
        }
    }

    /** 500 requests one after another on one kept-alive connection. */
    private static void keepAlive(int port) throws IOException {
        List<Long> nanos = new ArrayList<>();
        try (Socket socket = connect(port)) {
            for (int i = 0; i < 520; i++) {
                long start = System.nanoTime();
                Answer answer = exchange(socket, CHECK, POD, false);
                if (i >= 20) {
                    nanos.add(System.nanoTime() - start);
                }
                require(answer.status == 200, "keep-alive answer " + answer.status);
            }
        }
        System.out.println("keep-alive, 500 requests on one connection:       " + summary(nanos));
    }

    private static void connectionPerRequest(int port) throws IOException {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 220; i++) {
            long start = System.nanoTime();
            try (Socket socket = connect(port)) {
                require(exchange(socket, CHECK, POD, true).status == 200, "answer");
            }
            if (i >= 20) {
                nanos.add(System.nanoTime() - start);
            }
        }
        System.out.println("a connection per request, 200 requests:           " + summary(nanos));
    }

    /** 8 clients stalled in their headers and 8 trickling a body, while 50 requests are made. */
    private static void slowClients(int port) throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket headers = connect(port);
                headers.getOutputStream().write(("POST " + CHECK + " HTTP/1.1\r\nHost: x\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Socket body = connect(port);
                body.getOutputStream().write(("POST " + CHECK + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                        + "kind").getBytes(StandardCharsets.US_ASCII));
                stalled.add(headers);
                stalled.add(body);
            }
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                try (Socket socket = connect(port)) {
                    require(exchange(socket, CHECK, POD, true).status == 200, "answer beside slow clients");
                }
                nanos.add(System.nanoTime() - start);
                // the trickle: one byte per stalled body client per request made
                for (int s = 1; s < stalled.size(); s += 2) {
                    stalled.get(s).getOutputStream().write(' ');
                }
            }
            System.out.println("16 slow clients held open, 50 other requests:     " + summary(nanos));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** 10 unknown ids, each asked 5 times by 8 concurrent callers: what reaches S3. */
    private static void unknownIds(int port, CountingProxy relay) throws Exception {
        int before = relay.requests();
        List<String> paths = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int id = 0; id < 10; id++) {
                paths.add("/v1/policy-sets/unknown-" + id + "/check");
            }
        }
        Map<Integer, Integer> statuses = concurrently(paths, 8, port);
        System.out.println("50 requests for 10 unknown ids, 8 at a time:      statuses " + statuses + ", S3 requests "
                + (relay.requests() - before));
    }

    /** A cached set past its TTL while every S3 request takes 3 s: 8 requests one after another. */
    private static void slowS3WithACopy(int port, CountingProxy relay, int ttlSeconds) throws Exception {
        try (Socket socket = connect(port)) {
            require(exchange(socket, "/v1/policy-sets/team/check", POD, false).status == 200, "first load");
        }
        Thread.sleep(ttlSeconds * 1000L + 100);
        relay.delay(Duration.ofSeconds(3));
        List<Long> nanos = new ArrayList<>();
        int stale = 0;
        try (Socket socket = connect(port)) {
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                Answer answer = exchange(socket, "/v1/policy-sets/team/check", POD, false);
                nanos.add(System.nanoTime() - start);
                require(answer.status == 200, "answer from the copy " + answer.status);
                stale += answer.body.contains("\"stale\"") ? 1 : 0;
            }
        }
        relay.delay(Duration.ZERO);
        System.out.println("S3 slow (3 s), copy past its TTL, 8 requests:     " + summary(nanos) + ", stale " + stale);
    }

    /** Every S3 request taking {@code delay}, a set never loaded: 50 requests, 8 at a time. */
    private static void slowS3WithoutACopy(int port, CountingProxy relay, String id, Duration delay) throws Exception {
        relay.delay(delay);
        int before = relay.requests();
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = concurrently(Collections.nCopies(50, "/v1/policy-sets/" + id + "/check"), 8,
                port);
        long millis = (System.nanoTime() - start) / 1_000_000;
        relay.delay(Duration.ZERO);
        System.out.println("S3 slow (" + delay.toSeconds() + " s), set not loaded, 50 requests, 8 at once: statuses "
                + statuses + " in " + millis + " ms, S3 requests " + (relay.requests() - before));
    }

    /** S3 refusing every connection, a set never loaded: 50 requests, 8 at a time. */
    private static void s3DownWithoutACopy(int port, CountingProxy relay) throws Exception {
        relay.refuse();
        int before = relay.connections();
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = concurrently(Collections.nCopies(50, "/v1/policy-sets/other/check"), 8, port);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("S3 down, set not loaded, 50 requests, 8 at once: statuses " + statuses + " in " + millis
                + " ms, S3 connections " + (relay.connections() - before));
        relay.resume();
    }

    private static Map<Integer, Integer> concurrently(List<String> paths, int threads, int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String path : paths) {
                results.add(pool.submit(() -> {
                    try (Socket socket = connect(port)) {
                        return exchange(socket, path, POD, true).status;
                    }
                }));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> result : results) {
                statuses.merge(result.get(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private record Answer(int status, String body) {
    }

    private static Answer exchange(Socket socket, String path, byte[] body, boolean close) throws IOException {
        OutputStream out = socket.getOutputStream();
        // headers and body in one write, as HTTP clients send a small request
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
                + (close ? "Connection: close\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        out.write(request.toByteArray());
        out.flush();
        InputStream in = socket.getInputStream();
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).strip());
            }
        }
        String answer = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(status.split(" ")[1]), answer);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.9)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("unexpected: " + what);
        }
    }
}
