package io.kubepolicycheck.aws;

import io.kubepolicycheck.testing.S3ProxyServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The store contract against S3Proxy running in this JVM: a real S3 API that checks SigV4 signatures. */
class S3ProxyPolicyStoreTest extends PolicyStoreContractTest {
    private S3ProxyServer server;

    @Override
    protected URI startServer() throws Exception {
        server = S3ProxyServer.start();
        return server.endpoint();
    }

    @Override
    protected AwsCredentialsProvider credentials() {
        return S3ProxyServer.credentials();
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected void shutDownServer() throws Exception {
        server.close();
    }

    @Override
    protected boolean versioning() {
        return false;
    }
}
