package io.kubepolicycheck.aws;

import java.net.URI;
import java.net.URISyntaxException;
import io.kubepolicycheck.requestlog.RequestRecord;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one S3 client of a process, built from the environment: region from {@code AWS_REGION} (else
 * {@code AWS_DEFAULT_REGION}, else us-east-1, which S3-compatible servers accept), the JDK's URL-connection
 * HTTP client (no Netty or Apache client in the artifact), the short timeouts of {@link S3Timeouts} and one retry,
 * because a caller is waiting; {@code AWS_ENDPOINT_URL_S3} points it at LocalStack or another S3-compatible server, with path-style
 * addressing.
 */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3Client fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, DefaultCredentialsProvider.builder().build());
    }

    public static S3Client fromEnvironment(Map<String, String> env, AwsCredentialsProvider credentials) {
        return fromEnvironment(env, credentials, S3Timeouts.DEFAULT);
    }

    public static S3Client fromEnvironment(Map<String, String> env, AwsCredentialsProvider credentials,
                                           S3Timeouts timeouts) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.read()))
                .region(Region.of(firstSet(env, "AWS_REGION", "AWS_DEFAULT_REGION", "us-east-1")))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(timeouts.attempt())
                        .apiCallTimeout(timeouts.lookup())
                        .retryStrategy(r -> r.maxAttempts(2))
                        .addExecutionInterceptor(new AttemptCounter()));
        String endpoint = env.get("AWS_ENDPOINT_URL_S3");
        if (endpoint != null && !endpoint.isBlank()) {
            // S3-compatible servers rarely serve virtual-hosted buckets or the newest checksum headers
            builder.endpointOverride(endpoint(endpoint.trim()))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            // settings the SDK reads by itself (system properties, profile) that it cannot use
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Counts each HTTP attempt, retries included, in the request log of the request that made it. */
    private static final class AttemptCounter implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            RequestRecord.current().s3Attempt();
        }
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("AWS_ENDPOINT_URL_S3 must be an http or https URL such as "
                    + "http://localhost:4566, not \"" + text + "\"");
        }
        return uri;
    }

    private static String firstSet(Map<String, String> env, String first, String second, String fallback) {
        String value = env.get(first);
        if (value == null || value.isBlank()) {
            value = env.get(second);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
