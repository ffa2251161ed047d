package io.kubepolicycheck.aws;

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

/** The store contract against S3Proxy running in this JVM: a real S3 API that checks SigV4 signatures. */
class S3ProxyPolicyStoreTest extends PolicyStoreContractTest {
    private static final String ACCESS_KEY = "local-access";
    private static final String SECRET_KEY = "local-secret";
    private S3Proxy server;

    @Override
    protected URI startServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        server = S3Proxy.builder()
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
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    @Override
    protected AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected void shutDownServer() throws Exception {
        if (!"STOPPED".equals(server.getState())) {
            server.stop();
        }
    }

    @Override
    protected boolean versioning() {
        return false;
    }
}
