package io.kubepolicycheck.aws;

import java.time.Duration;

/**
 * Every time limit on reading policy sets from S3, in one place. They are chosen against the tightest caller: a
 * webhook behind Gatekeeper waits 3 s for the whole admission call (Kubernetes allows at most 10 s, the Lambda
 * function 15 s), so a set's first load must end, loaded or refused with a 503, within about 2.5 s:
 * {@code permitWait} for a free S3 slot plus {@code lookup} for every request of the lookup (up to one GET per
 * extension, each with one retry), where one attempt is bounded by {@code connect}, {@code read} and
 * {@code attempt}. {@code revalidationWait} is how long the request that finds a copy past its TTL waits for the
 * revalidation before it answers from the copy; a conditional GET usually takes tens of milliseconds, and a
 * Lambda function is frozen once it has answered, so waiting this long rarely leaves a refresh half-done.
 *
 * @param connect          opening a connection to S3
 * @param read             S3 not sending a byte for this long fails the attempt
 * @param attempt          one HTTP attempt, whole
 * @param lookup           all requests one lookup sends, retries included
 * @param permitWait       waiting for one of the {@code concurrentCalls} slots before answering 503
 * @param concurrentCalls  S3 requests in flight at once, for the whole process
 * @param revalidationWait the request that starts a revalidation waits this long for it, at most
 */
public record S3Timeouts(Duration connect, Duration read, Duration attempt, Duration lookup, Duration permitWait,
                         int concurrentCalls, Duration revalidationWait) {
    public static final S3Timeouts DEFAULT = new S3Timeouts(Duration.ofMillis(1000), Duration.ofMillis(1500),
            Duration.ofMillis(1500), Duration.ofMillis(2000), Duration.ofMillis(250), 8, Duration.ofMillis(200));
}
