package io.kubepolicycheck.testing;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** S3Proxy in this JVM, on a free loopback port: a real S3 API, in memory, that checks SigV4 signatures. */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access";
    public static final String SECRET_KEY = "local-secret";

    private final S3Proxy server;

    private S3ProxyServer(S3Proxy server) {
        this.server = server;
    }

    public static S3ProxyServer start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        S3Proxy server = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        server.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!"STARTED".equals(server.getState()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        return new S3ProxyServer(server);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** Stops answering, as if the server died. */
    public void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws Exception {
        if (!"STOPPED".equals(server.getState())) {
            server.stop();
        }
    }
}
