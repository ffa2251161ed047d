package io.kubepolicycheck.testing;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The tests' own S3 client, which creates buckets and uploads sets: never the client under test. A CI run once saw
 * an upload fail on both of its attempts with "Error writing request body to server": the JDK does not retry a
 * streamed PUT on a kept-alive connection the server has dropped. So every request here gets a new connection
 * ({@code Connection: close}) and four attempts, with time limits a loaded machine cannot trip.
 */
public final class BucketAdmin {
    private BucketAdmin() {
    }

    public static S3Client forEndpoint(URI endpoint, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .retryStrategy(r -> r.maxAttempts(4))
                        .addExecutionInterceptor(new ClosingConnections()))
                .build();
    }

    private static final class ClosingConnections implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().putHeader("Connection", "close").build();
        }
    }
}
