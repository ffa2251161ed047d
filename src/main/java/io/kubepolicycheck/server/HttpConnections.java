package io.kubepolicycheck.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubepolicycheck.validator.render.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 on a loopback port, for {@code serve}: one thread per connection, at most
 * {@link Limits#maxConnections()} of them, so a slow or idle client holds only its own connection and never a
 * thread another client needs. Reading a request has deadlines (the headers, then the body) and a client that
 * misses one gets a 408 and is disconnected; an idle keep-alive connection is closed. A connection over the limit
 * is answered 503 at once and closed. Answers go out with TCP_NODELAY, so a keep-alive client does not wait for
 * Nagle's algorithm. A body over the cap is read only to one byte past it; with {@code Expect: 100-continue} and
 * a declared length over the cap, the body is refused before the client sends it. {@link #close()} stops
 * accepting, lets the requests being answered finish, and closes the rest.
 */
final class HttpConnections implements AutoCloseable {
    /**
     * @param maxConnections open connections at once; one more is refused with 503
     * @param headers        from a connection's opening (or a request's first byte) to the end of its headers
     * @param body           from the end of the headers to the end of the body
     * @param idle           a keep-alive connection waiting for its next request
     * @param maxHeaderBytes the request line and headers together; more is a 431
     * @param maxBodyBytes   the largest body the handler reads; one byte more is read, then the handler answers
     * @param stopGrace      how long {@link #close()} waits for the requests being answered
     */
    record Limits(int maxConnections, Duration headers, Duration body, Duration idle, int maxHeaderBytes,
                  int maxBodyBytes, Duration stopGrace) {
        static Limits defaults(int maxBodyBytes) {
            return new Limits(256, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), 64 * 1024,
                    maxBodyBytes, Duration.ofSeconds(5));
        }
    }

    /**
     * A request as read: {@code body} holds at most {@code maxBodyBytes + 1} bytes; {@code bodyRefused} when the
     * client declared a longer body and waits for {@code 100 Continue} to send it, so none of it was read;
     * {@code arrived} is when its first byte was read, by {@link System#nanoTime()}.
     */
    record Request(String method, String rawPath, String rawQuery, String protocol, Map<String, List<String>> headers,
                   byte[] body, boolean bodyRefused, String remoteAddress, long arrived) {
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** Answers a request read whole, and hears of those the server refuses itself. */
    interface Handler {
        Answer answer(Request request);

        /**
         * The server answered {@code status} with the error {@code code} itself, before any answer: {@code head}
         * is what was read of the request (null before its headers), {@code since} its first byte or, before one,
         * the connection's opening ({@link System#nanoTime()}).
         */
        void refused(Request head, String remoteAddress, int status, String code, String requestId, long since);
    }

    private static final int MAX_HEADERS = 100;
    private static final Duration STOP_POLL = Duration.ofMillis(250);
    /** How much of a body left unread is drained before closing, so the client reads its answer, not a reset. */
    private static final long DRAIN_BYTES = 16L << 20;

    private final ServerSocket listener;
    private final Limits limits;
    private final Handler handler;
    private final Semaphore slots;
    private final ExecutorService connections;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean stopping;

    private HttpConnections(ServerSocket listener, Limits limits, Handler handler) {
        this.listener = listener;
        this.limits = limits;
        this.handler = handler;
        this.slots = new Semaphore(limits.maxConnections());
        this.connections = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread thread = new Thread(r, "serve-connection");
                    thread.setDaemon(true);
                    return thread;
                });
        this.acceptor = new Thread(this::accept, "serve-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port); the backlog is bounded like the connections. */
    static HttpConnections start(int port, Limits limits, Handler handler) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        HttpConnections server = new HttpConnections(listener, limits, handler);
        server.acceptor.start();
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseConnection(socket);
                continue;
            }
            Connection connection = null;
            try {
                socket.setTcpNoDelay(true);
                Connection accepted = new Connection(socket);
                connection = accepted;
                open.add(accepted);
                connections.execute(() -> {
                    try {
                        accepted.serve();
                    } finally {
                        open.remove(accepted);
                        slots.release();
                    }
                });
            } catch (IOException | RuntimeException e) {
                // a socket that failed at once, or the server stopping meanwhile
                if (connection != null) {
                    open.remove(connection);
                }
                closeQuietly(socket);
                slots.release();
            }
        }
    }

    /** Over the limit: a 503 that says so, written at once (it fits the socket's buffer), then closed. */
    private void refuseConnection(Socket socket) {
        try (socket) {
            Refusal refusal = new Refusal(503, "TOO_MANY_CONNECTIONS", "the server has " + limits.maxConnections()
                    + " connections open, its limit; retry after 1 s", true);
            String requestId = UUID.randomUUID().toString();
            handler.refused(null, socket.getInetAddress().getHostAddress(), refusal.status, refusal.code, requestId,
                    System.nanoTime());
            byte[] body = refusal.body(requestId);
            OutputStream out = socket.getOutputStream();
            out.write(head(503, Map.of("retry-after", "1", "content-type", "application/json"), body.length, true));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            // a request already here, left unread, would make closing reset the connection and lose the 503
            InputStream in = socket.getInputStream();
            in.skip(in.available());
        } catch (IOException e) {
            // the client is gone already
        }
    }

    /**
     * Stops accepting; connections between requests close within {@link #STOP_POLL}, a request being read or
     * answered finishes (with {@code Connection: close}), and after the grace whatever is left is closed.
     */
    @Override
    public void close() {
        stopping = true;
        closeQuietly(listener);
        connections.shutdown();
        try {
            if (!connections.awaitTermination(limits.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                open.forEach(connection -> closeQuietly(connection.socket));
                connections.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open.forEach(connection -> closeQuietly(connection.socket));
        }
    }

    /** A request the server answers itself, before the handler, with the API's error body. */
    private static final class Refusal extends Exception {
        final int status;
        final String code;
        final boolean retryable;

        Refusal(int status, String code, String message, boolean retryable) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.retryable = retryable;
        }

        static Refusal badRequest(String message) {
            return new Refusal(400, "INVALID_REQUEST", message, false);
        }

        static Refusal headersTooLarge(int limit) {
            return new Refusal(431, "REQUEST_HEADERS_TOO_LARGE", "the request line and headers are over the limit "
                    + "of " + limit + " bytes or " + MAX_HEADERS + " headers", false);
        }

        byte[] body(String requestId) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", getMessage());
            error.put("retryable", retryable);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("requestId", requestId);
            try {
                return (Json.PRETTY.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an error body is not serializable", e);
            }
        }
    }

    private final class Connection {
        final Socket socket;
        final DeadlineInputStream timed;
        final InputStream in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.timed = new DeadlineInputStream(socket);
            this.in = new BufferedInputStream(timed, 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }


        void serve() {
            try (socket) {
                boolean first = true;
                boolean keepAlive = true;
                while (keepAlive) {
                    keepAlive = serveOne(first);
                    first = false;
                }
            } catch (IOException e) {
                // the client went away, or the server is stopping
            }
        }

        /** One request and its answer; whether the connection stays open for another. */
        boolean serveOne(boolean first) throws IOException {
            String remote = socket.getInetAddress().getHostAddress();
            // a new connection's headers are due from its opening, a later request's from its first byte
            long opened = System.nanoTime();
            long headersDue = opened + limits.headers().toNanos();
            int firstByte;
            try {
                firstByte = firstByte(first ? limits.headers() : limits.idle());
            } catch (SocketTimeoutException e) {
                if (first) {
                    refuse(headersTimeout(), null, remote, opened);
                }
                return false;
            }
            if (firstByte < 0) {
                return false;
            }
            long arrived = System.nanoTime();
            timed.deadlineAt(first ? headersDue : System.nanoTime() + limits.headers().toNanos());
            Request head;
            try {
                head = readHead(firstByte, remote, arrived);
            } catch (SocketTimeoutException e) {
                refuse(headersTimeout(), null, remote, arrived);
                return false;
            } catch (Refusal refusal) {
                refuse(refusal, null, remote, arrived);
                return false;
            }
            Body body;
            try {
                body = readBody(head);
            } catch (SocketTimeoutException e) {
                refuse(new Refusal(408, "REQUEST_TIMEOUT", "the request body did not arrive within "
                        + shown(limits.body()), true), head, remote, arrived);
                return false;
            } catch (Refusal refusal) {
                refuse(refusal, head, remote, arrived);
                return false;
            }
            Request request = new Request(head.method(), head.rawPath(), head.rawQuery(), head.protocol(),
                    head.headers(), body.bytes(), body.refused(), remote, arrived);
            Answer answer;
            try {
                answer = handler.answer(request);
            } catch (RuntimeException e) {
                refuse(new Refusal(500, "INTERNAL_ERROR", "internal error", false), head, remote, arrived);
                return false;
            }
            boolean keepAlive = body.complete() && !stopping && wantsKeepAlive(head);
            out.write(head(answer.status(), answer.headers(), answer.body().length, !keepAlive));
            if (!"HEAD".equals(head.method())) {
                out.write(answer.body());
            }
            out.flush();
            if (!body.complete()) {
                lingeringClose();
            }
            return keepAlive;
        }

        /**
         * The first byte of the next request, or -1 when the client closed or the server is stopping: waiting
         * between requests wakes up every {@link #STOP_POLL} to see whether to stop, so stopping never cuts a
         * request whose first bytes are already here.
         */
        private int firstByte(Duration wait) throws IOException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!stopping || in.available() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("no request within " + wait);
                }
                timed.deadline(Duration.ofNanos(Math.min(left, STOP_POLL.toNanos())));
                try {
                    return in.read();
                } catch (SocketTimeoutException e) {
                    // look at the clock and at stopping again
                }
            }
            return -1;
        }

        private Refusal headersTimeout() {
            return new Refusal(408, "REQUEST_TIMEOUT", "the request line and headers did not arrive within "
                    + shown(limits.headers()), true);
        }

        private void refuse(Refusal refusal, Request head, String remote, long since) throws IOException {
            String requestId = UUID.randomUUID().toString();
            handler.refused(head, remote, refusal.status, refusal.code, requestId, since);
            byte[] body = refusal.body(requestId);
            out.write(head(refusal.status, Map.of("content-type", "application/json", "x-request-id", requestId),
                    body.length, true));
            out.write(body);
            out.flush();
            lingeringClose();
        }

        /**
         * Closes after the answer without resetting the connection: closing a socket with unread bytes sends a
         * reset, which can destroy the answer before the client reads it. So the rest of the request is read and
         * dropped, up to a bound and for a short time, until the client closes its side.
         */
        private void lingeringClose() {
            try {
                socket.shutdownOutput();
                timed.deadline(Duration.ofSeconds(2));
                long drained = 0;
                byte[] buffer = new byte[8192];
                int n;
                while (drained < DRAIN_BYTES && (n = in.read(buffer)) >= 0) {
                    drained += n;
                }
            } catch (IOException e) {
                // the client closed or stalled: close now
            }
        }

        private Request readHead(int firstByte, String remote, long arrived) throws IOException, Refusal {
            int[] budget = {limits.maxHeaderBytes()};
            String requestLine = line(firstByte, budget);
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw Refusal.badRequest("the request line is not \"METHOD target HTTP/1.1\"");
            }
            String protocol = parts[2];
            if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
                throw new Refusal(505, "HTTP_VERSION_NOT_SUPPORTED", "only HTTP/1.1 and HTTP/1.0 are served, not "
                        + printable(protocol), false);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int count = 0;
            for (String line = line(-1, budget); !line.isEmpty(); line = line(-1, budget)) {
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                        || line.substring(0, colon).chars().anyMatch(c -> c == ' ' || c == '\t')) {
                    throw Refusal.badRequest("a header line is not \"name: value\"");
                }
                if (++count > MAX_HEADERS) {
                    throw Refusal.headersTooLarge(limits.maxHeaderBytes());
                }
                headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            String target = parts[1];
            if (!target.startsWith("/")) {
                // the absolute form, http://host/path, which HTTP/1.1 servers must accept
                int scheme = target.indexOf("://");
                int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
                if (scheme < 0) {
                    throw Refusal.badRequest("the request target must be a path such as /v1/check");
                }
                target = slash < 0 ? "/" : target.substring(slash);
            }
            int question = target.indexOf('?');
            String path = question < 0 ? target : target.substring(0, question);
            String query = question < 0 ? null : target.substring(question + 1);
            int hash = path.indexOf('#');
            return new Request(parts[0], hash < 0 ? path : path.substring(0, hash), query, protocol, headers,
                    new byte[0], false, remote, arrived);
        }

        /** One header line without its CRLF (or LF), charged to the header budget. */
        private String line(int firstByte, int[] budget) throws IOException, Refusal {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            int b = firstByte >= 0 ? firstByte : in.read();
            while (b != '\n') {
                if (b < 0) {
                    throw new SocketException("the client closed the connection mid-request");
                }
                if (--budget[0] < 0) {
                    throw Refusal.headersTooLarge(limits.maxHeaderBytes());
                }
                bytes.write(b);
                b = in.read();
            }
            byte[] line = bytes.toByteArray();
            int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }

        private Body readBody(Request head) throws IOException, Refusal {
            List<String> encodings = head.headers().getOrDefault("transfer-encoding", List.of());
            List<String> lengths = head.headers().getOrDefault("content-length", List.of());
            if (!encodings.isEmpty() && !lengths.isEmpty()) {
                throw Refusal.badRequest("a request has Content-Length or Transfer-Encoding, not both");
            }
            boolean chunked = !encodings.isEmpty();
            if (chunked && !(encodings.size() == 1 && encodings.get(0).equalsIgnoreCase("chunked"))) {
                throw new Refusal(501, "NOT_IMPLEMENTED", "Transfer-Encoding other than chunked is not served", false);
            }
            long length = chunked ? -1 : contentLength(lengths);
            int cap = limits.maxBodyBytes();
            boolean expectsContinue = head.protocol().equals("HTTP/1.1") && head.headers()
                    .getOrDefault("expect", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("100-continue"));
            if (expectsContinue) {
                if (length > cap) {
                    // the client waits for a go-ahead that will not come: answer now, without its body
                    return new Body(new byte[0], false, true);
                }
                if (length != 0) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            timed.deadline(limits.body());
            return chunked ? chunks(cap) : fixed(length, cap);
        }

        private long contentLength(List<String> values) throws Refusal {
            long length = 0;
            for (int i = 0; i < values.size(); i++) {
                long value;
                try {
                    value = values.get(i).chars().allMatch(Character::isDigit) ? Long.parseLong(values.get(i)) : -1;
                } catch (NumberFormatException e) {
                    value = -1;
                }
                if (value < 0 || i > 0 && value != length) {
                    throw Refusal.badRequest("Content-Length must be one number of bytes");
                }
                length = value;
            }
            return length;
        }

        private Body fixed(long length, int cap) throws IOException {
            int wanted = (int) Math.min(length, cap + 1L);
            byte[] body = in.readNBytes(wanted);
            if (body.length < wanted) {
                throw new SocketException("the client closed the connection mid-body");
            }
            return new Body(body, length == wanted);
        }

        private Body chunks(int cap) throws IOException, Refusal {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            // chunk-size lines and trailers: a body within the cap sent in one-byte chunks has three bytes of framing
            // ("1", CR, and the CR after the byte) for each byte
            int[] budget = {(int) Math.min(Integer.MAX_VALUE, limits.maxHeaderBytes() + 3L * cap)};
            while (true) {
                String sizeLine = line(-1, budget);
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
                long size;
                try {
                    size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 0) {
                    throw Refusal.badRequest("a chunk size is not a hexadecimal number");
                }
                if (size == 0) {
                    while (!line(-1, budget).isEmpty()) {
                        // trailer fields: read and dropped
                    }
                    return new Body(body.toByteArray(), true);
                }
                int room = cap + 1 - body.size();
                byte[] data = in.readNBytes((int) Math.min(size, room));
                body.write(data, 0, data.length);
                if (size > room) {
                    return new Body(body.toByteArray(), false);
                }
                if (data.length < size || !line(-1, budget).isEmpty()) {
                    throw new SocketException("a chunk ends early");
                }
            }
        }
    }

    /** A body as read; not {@code complete} when over the cap (the connection then closes); maybe never asked for. */
    private record Body(byte[] bytes, boolean complete, boolean refused) {
        Body(byte[] bytes, boolean complete) {
            this(bytes, complete, false);
        }
    }

    private static boolean wantsKeepAlive(Request head) {
        List<String> connection = head.headers().getOrDefault("connection", List.of());
        boolean close = connection.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
        boolean keepAlive = connection.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("keep-alive"));
        return head.protocol().equals("HTTP/1.1") ? !close : keepAlive;
    }

    private static byte[] head(int status, Map<String, String> headers, int length, boolean close) {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n");
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("content-length") && !lower.equals("connection") && !lower.equals("transfer-encoding")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("content-length: ").append(length).append("\r\n");
        if (close) {
            head.append("connection: close\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }

    private static String shown(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String printable(String text) {
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is all that is left to do
        }
    }

    /** The socket's input, read against a deadline: each read may wait only for what is left of it. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private long deadline;

        DeadlineInputStream(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        void deadline(Duration within) {
            deadlineAt(System.nanoTime() + within.toNanos());
        }

        void deadlineAt(long nanoTime) {
            deadline = nanoTime;
        }

        private void arm() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
