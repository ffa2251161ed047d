package io.kubepolicycheck.aws;

import java.time.Duration;

/**
 * Every time limit on reading policy sets from S3, in one place, chosen against the callers' budgets: a webhook
 * call may take at most 10 s in Kubernetes (3 s behind Gatekeeper), the Lambda function 15 s. A sick S3 is found
 * by {@code connect} and {@code read} (S3 silent for that long); {@code attempt} and {@code lookup} bound the
 * rest, and are wider because they also count the SDK's own work, which in a fresh process's first call (loading
 * its request path) can take seconds on a loaded machine. A first load ends within {@code permitWait} plus
 * {@code lookup}, about 4.25 s: a 503 well inside 10 s and 15 s; behind Gatekeeper a webhook call can time out
 * instead only when a set's first load meets a silent S3. {@code revalidationWait} is how long the request that
 * finds a copy past its TTL waits for the revalidation before it answers from the copy; a conditional GET usually
 * takes tens of milliseconds, and a Lambda function is frozen once it has answered, so waiting this long rarely
 * leaves a refresh half-done.
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
            Duration.ofMillis(3000), Duration.ofMillis(4000), Duration.ofMillis(250), 8, Duration.ofMillis(200));
}
