package io.kubepolicycheck.aws;

import java.net.URI;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The same contract against LocalStack in Docker, with a versioned bucket (versions are VersionIds). Skipped
 * where no Docker engine runs. "The server stops" is the relay refusing connections, since the container is
 * shared by the tests.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPolicyStoreTest extends PolicyStoreContractTest {
    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices("s3");

    @Override
    protected URI startServer() {
        return LOCALSTACK.getEndpoint();
    }

    @Override
    protected AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    }

    @Override
    protected void stopServer() {
        proxy.refuse();
    }

    @Override
    protected void shutDownServer() {
        // the container outlives the test; Testcontainers stops it after the class
    }

    @Override
    protected boolean versioning() {
        return true;
    }
}
