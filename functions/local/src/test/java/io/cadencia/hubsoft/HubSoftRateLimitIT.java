package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import io.cadencia.local.hubsoft.HubSoftSimulator;
import io.cadencia.observability.MetricsSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSoftRateLimitIT {

    static HubSoftHarness h;

    @BeforeAll
    static void start() {
        h = new HubSoftHarness(30);
        for (int i = 0; i < 300; i++) {
            h.sim.addClient(String.format("%011d", 20_000_000_000L + i), "Cliente " + i, "37988242968", "servico_habilitado");
        }
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void tenConcurrentWorkersNeverExceedThirtyPerMinuteAtHubSoft() throws Exception {
        String tenant = h.configuredTenant();
        h.clock.advance(Duration.ofMinutes(5));
        h.sim.resetCounters();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            int worker = w;
            HubSoft lambda = h.container();
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    lambda.clientInfo(tenant, String.format("%011d", 20_000_000_000L + worker * 15 + i), true, Priority.NORMAL).orElseThrow();
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();

        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(150);
        assertThat(h.sim.maxRequestsInAnyMinute()).isLessThanOrEqualTo(30);
        assertThat(h.sim.rejectedCount()).isZero();
    }

    @Test
    void lowerPrioritiesWaitWhileHigherOnesStillGetTheReservedTokens() {
        String tenant = "prio-" + System.nanoTime();
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        DynamoRateLimiter limiter = limiterRecording(waits);
        // A drained bucket: 3 tokens left, the reserve of CRITICAL+HIGH+NORMAL.
        bucketWith(tenant, 3);

        limiter.acquire(tenant, Priority.NORMAL);
        limiter.acquire(tenant, Priority.HIGH);
        limiter.acquire(tenant, Priority.CRITICAL);
        assertThat(waits).as("reserved tokens served NORMAL, HIGH and CRITICAL at once").isEmpty();

        limiter.acquire(tenant, Priority.LOW);
        assertThat(waits).isNotEmpty();
        Duration lowWaited = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(lowWaited).as("LOW waits until 4 tokens are back: 10 s at 24/min").isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        waits.clear();
        limiter.acquire(tenant, Priority.CRITICAL);
        assertThat(waits).as("after LOW took one of 4 tokens, 3 remain for CRITICAL").isEmpty();
    }

    @Test
    void a429IsRetriedAfterRetryAfterAndFiveHundredsBackOffAtMostThreeTimes() {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        lambda.client().clientInfo(tenant, "20000000000", Priority.HIGH);
        h.sim.resetCounters();

        h.sim.failNext(3, 502);
        assertThat(lambda.client().clientInfo(tenant, "20000000001", Priority.HIGH)).isPresent();
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(4);

        h.sim.failNext(4, 500);
        assertThatThrownBy(() -> lambda.client().clientInfo(tenant, "20000000002", Priority.HIGH))
                .isInstanceOf(HubSoftUnavailableException.class).hasMessageContaining("after 3 retries");
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(8);
        h.sim.failNext(0, 500);

        // A second account user (not Cadência) exhausts HubSoft's own limit: Cadência's request gets 429 and waits.
        h.clock.advance(Duration.ofMinutes(2));
        java.time.Instant before = h.clock.instant();
        try (HubSoftSimulator strict = new HubSoftSimulator(h.clock, new HubSoftSimulator.Credentials("3", "x", "u", "p"), 1)) {
            strict.addClient("20000000003", "Cliente", "37988242968", "servico_habilitado");
            String other = "hs-strict-" + System.nanoTime();
            h.configure(other, strict.credentialsJson());
            HubSoft lambdaOther = h.container();
            assertThat(lambdaOther.client().clientInfo(other, "20000000003", Priority.HIGH)).isPresent();
            assertThat(strict.rejectedCount()).isGreaterThanOrEqualTo(1);
            assertThat(Duration.between(before, h.clock.instant())).as("honoured Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(50));
        }
    }

    @Test
    void aRateLimitWaitNeverRunsPastTheRunningJobsDeadline() {
        String tenant = "deadline-" + System.nanoTime();
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        DynamoRateLimiter limiter = limiterRecording(waits);
        // An empty bucket: a LOW request would wait about a minute for a token, well within the 5-minute max wait.
        bucketWith(tenant, 0);
        Instant started = h.clock.instant();
        io.cadencia.work.Deadline deadline = io.cadencia.work.Deadline.after(h.clock, Duration.ofSeconds(20));

        assertThatThrownBy(() -> deadline.within(() -> {
            limiter.acquire(tenant, Priority.LOW);
            return null;
        })).isInstanceOf(HubSoftUnavailableException.class);
        assertThat(Duration.between(started, h.clock.instant())).as("gave up instead of waiting past the deadline")
                .isLessThan(Duration.ofSeconds(20));
    }

    /** A limiter with the default policy whose waits move the harness clock and are recorded. */
    private static DynamoRateLimiter limiterRecording(List<Duration> waits) {
        return new DynamoRateLimiter(h.env.aws().clients().dynamo(), h.sharedTable(), RateLimitPolicy.defaults(), h.clock, d -> {
            waits.add(d);
            h.clock.advance(d);
        }, Duration.ofMinutes(5), MetricsSink.NONE);
    }

    /** The tenant's shared bucket, refilled just now, holding {@code tokens}. */
    private static void bucketWith(String tenant, int tokens) {
        h.env.aws().clients().dynamo().putItem(b -> b.tableName(h.sharedTable()).item(Map.of(
                "pk", Attr.s(tenant + "#hubsoft"), "sk", Attr.s("RATE_BUCKET"), "tokens", Attr.n(tokens),
                "refilledAt", Attr.n(h.clock.millis()), "version", Attr.n(1))));
    }
}
