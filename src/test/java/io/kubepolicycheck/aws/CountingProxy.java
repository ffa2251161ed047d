package io.kubepolicycheck.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of an S3 server that counts the HTTP requests passing through, so a test sees how many
 * requests reached S3. Bytes are relayed unchanged (the Host header and so the SigV4 signature stay valid). The
 * store only sends GETs, which have no body: every header block end ({@code CRLF CRLF}) is one request.
 * {@link #hold()} stands for a stalled S3: requests are counted as they arrive but not passed on until
 * {@link #release()}; {@link #delay(Duration)} for a slow one.
 */
final class CountingProxy implements AutoCloseable {
    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "counting-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean refusing;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private volatile Duration delay = Duration.ZERO;

    CountingProxy(URI target) throws IOException {
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    int requests() {
        return requests.get();
    }

    /** Waits until {@code count} requests in all have arrived; false if they did not within 30 s. */
    boolean awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (requests) {
            while (requests.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
        }
        return true;
    }

    /** Connections are relayed again after {@link #refuse()}. */
    void resume() {
        refusing = false;
    }

    /** From now on requests reach S3 only after {@link #release()}. */
    void hold() {
        held = new CountDownLatch(1);
    }

    void release() {
        held.countDown();
    }

    /** From now on each request waits this long before it is passed on. */
    void delay(Duration wait) {
        delay = wait;
    }

    /** Connections accepted, including those closed at once because the server is gone. */
    int connections() {
        return connections.get();
    }

    /** From now on every connection is closed at once, as by a server that died; open ones are cut. */
    void refuse() {
        refusing = true;
        open.forEach(CountingProxy::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            Socket upstream;
            try {
                if (refusing) {
                    throw new IOException("refusing");
                }
                upstream = new Socket(targetHost, targetPort);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            threads.submit(() -> relay(client, upstream, true));
            threads.submit(() -> relay(upstream, client, false));
        }
    }

    private void relay(Socket from, Socket to, boolean count) {
        byte[] buffer = new byte[8192];
        int matched = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (count) {
                    for (int i = 0; i < n; i++) {
                        matched = buffer[i] == END_OF_HEADERS[matched] ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                        if (matched == END_OF_HEADERS.length) {
                            synchronized (requests) {
                                requests.incrementAndGet();
                                requests.notifyAll();
                            }
                            matched = 0;
                        }
                    }
                    held.await();
                    Thread.sleep(delay.toMillis());
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed: close this pair too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        release();
        listener.close();
        open.forEach(CountingProxy::closeQuietly);
        threads.shutdownNow();
    }
}
