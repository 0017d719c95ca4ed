package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.lambda.ControlHandler;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.endpoint.EndpointJob;
import io.cadencia.tenant.Tenant;
import io.cadencia.work.Deadline;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant endpoint that fails, through the real worker and the local event source on ElasticMQ: retried across
 * deliveries with growing delays on the simulated clock, its FIFO group held in order, then the dead-letter queue.
 * Production defaults, except one in-invocation retry so both retry layers are exercised with a known call count.
 */
class EndpointRetryIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static final int CALLS_PER_DELIVERY = 2;
    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock, Map.of("ENDPOINT_MAX_RETRIES", Integer.toString(CALLS_PER_DELIVERY - 1)));
        env.seedTenants(3);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static List<TenantApp.Call> callsOf(String tenant, String job) {
        return env.tenantApp().calls().stream().filter(c -> tenant.equals(c.tenantId()) && job.equals(c.job())).toList();
    }

    /** Drains the category at each moment a handed-back message is due, checking the group stays locked just before. */
    static List<Instant> drainThroughRedeliveries(String category, String tenant, String job) {
        List<Instant> deliveries = new ArrayList<>();
        while (env.nextRedelivery(category).isPresent()) {
            Instant due = env.nextRedelivery(category).get();
            int before = callsOf(tenant, job).size();
            clock.set(due.minusSeconds(1));
            env.drain(category);
            assertThat(callsOf(tenant, job)).as("nothing of the group runs before its delay ends").hasSize(before);
            clock.set(due);
            deliveries.add(due);
            env.drain(category);
        }
        return deliveries;
    }

    /** The delay before each redelivery: at least half the ceiling (30 s doubling, 15 min cap) and at most the ceiling. */
    static void assertGrowingDelays(List<TenantApp.Call> calls) {
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < calls.size(); i += CALLS_PER_DELIVERY) {
            starts.add(calls.get(i).at());
        }
        for (int n = 1; n < starts.size(); n++) {
            Duration ceiling = Duration.ofSeconds(30L << (n - 1)).compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofMinutes(15) : Duration.ofSeconds(30L << (n - 1));
            Duration gap = Duration.between(starts.get(n - 1), starts.get(n));
            assertThat(gap).as("delay before delivery %d", n + 1)
                    .isGreaterThanOrEqualTo(ceiling.dividedBy(2))
                    // the in-invocation retry's backoff also moved the clock before the message was handed back
                    .isLessThanOrEqualTo(ceiling.plusSeconds(5));
        }
    }

    @Test
    void anEndpointThatAnswers503IsRetriedWithGrowingDelaysKeepingTheTenantsOrderWhileOthersRun() {
        Job job = env.catalogue().require("processar_handoffs");
        Instant at = Instant.parse("2026-11-24T12:15:00Z");
        clock.set(at);
        env.tenantApp().failNext("tenant-01", 503, 2 * CALLS_PER_DELIVERY);
        env.tick(job, at);
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        clock.set(at.plusSeconds(1));
        control.handleRequest(Map.of("action", "run-now", "job", job.name(), "tenant", "tenant-01"), null);

        LocalEnvironment.DrainResult first = env.drain(job.category());
        assertThat(first.failures()).as("tenant-01's failed message and its later one are handed back").isEqualTo(2);
        assertThat(callsOf("tenant-02", job.name())).hasSize(1);
        assertThat(callsOf("tenant-03", job.name())).hasSize(1);

        List<Instant> redeliveries = drainThroughRedeliveries(job.category(), "tenant-01", job.name());

        List<TenantApp.Call> calls = callsOf("tenant-01", job.name());
        List<TenantApp.Call> scheduled = calls.stream().filter(c -> "schedule".equals(c.trigger())).toList();
        assertThat(scheduled).as("two failed deliveries, then success").hasSize(2 * CALLS_PER_DELIVERY + 1);
        assertThat(redeliveries).hasSize(2);
        assertGrowingDelays(scheduled);
        assertThat(calls.get(calls.size() - 1).trigger()).as("the later run-now runs only after the failed tick succeeded")
                .isEqualTo("manual");
        assertThat(calls).filteredOn(c -> "manual".equals(c.trigger())).hasSize(1);
        assertThat(scheduled).extracting(TenantApp.Call::idempotencyKey).as("one key for every delivery of the run")
                .containsOnly(scheduled.get(0).idempotencyKey()).doesNotContainNull();
        assertThat(calls.get(calls.size() - 1).idempotencyKey()).isNotEqualTo(scheduled.get(0).idempotencyKey());
        assertThat(callsOf("tenant-02", job.name()).get(0).idempotencyKey()).isNotEqualTo(scheduled.get(0).idempotencyKey());
        assertThat(callsOf("tenant-02", job.name())).as("other tenants ran once, not again").hasSize(1);
        assertThat(env.tenantApp().duplicateEffects()).isZero();
        assertThat(env.metrics().total("RunsRetried{category=" + job.category() + "}")).isEqualTo(2);
        assertThat(runOf("tenant-01", job.name(), at).result()).isEqualTo(RunStatus.SUCCEEDED.wire());
    }

    @Test
    void anEndpointDownForGoodGoesToTheDeadLetterQueueAfterMaxAttemptsWithTheReason() {
        Job job = env.catalogue().require("processar_retomadas");
        Instant at = Instant.parse("2026-11-25T11:00:00Z");
        clock.set(at);
        env.tenantApp().failNext("tenant-02", 503, 1_000);
        try {
            env.tick(job, at);
            env.drain(job.category());
            drainThroughRedeliveries(job.category(), "tenant-02", job.name());
        } finally {
            env.tenantApp().failNext("tenant-02", 503, 0);
        }

        List<TenantApp.Call> calls = callsOf("tenant-02", job.name());
        assertThat(calls).as("5 deliveries (WORK_MAX_ATTEMPTS default)").hasSize(5 * CALLS_PER_DELIVERY);
        assertGrowingDelays(calls);
        String dlq = env.deployment().functionFor("WorkerHandler", job.category()).config().deadLetterUrl(job.category());
        List<Message> dead = env.aws().clients().sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.body()).contains("\"tenantId\":\"tenant-02\"");
            assertThat(m.messageAttributes().get("error").stringValue()).contains("gave up after 5 attempts").contains("503");
        });
        assertThat(env.metrics().total("RunsDeadLettered{category=" + job.category() + "}")).isEqualTo(1);
        assertThat(env.depth(env.deployment().functionFor("WorkerHandler", job.category()).config().queueUrl(job.category())))
                .as("acknowledged, so the tenant's group continues").isZero();
        assertThat(callsOf("tenant-01", job.name())).hasSize(1);
        assertThat(runOf("tenant-02", job.name(), at).result()).isEqualTo(RunStatus.FAILED.wire());
    }

    @Test
    void aClientErrorFailsTheRunOnceWithoutRetry() {
        Job job = env.catalogue().require("processar_grupos");
        Instant at = Instant.parse("2026-11-26T13:00:00Z");
        clock.set(at);
        env.tenantApp().failNext("tenant-03", 404, 1);

        env.tick(job, at);
        LocalEnvironment.DrainResult result = env.drain(job.category());

        assertThat(result.failures()).isZero();
        assertThat(env.nextRedelivery(job.category())).isEmpty();
        assertThat(callsOf("tenant-03", job.name())).hasSize(1);
        RunRecord run = runOf("tenant-03", job.name(), at);
        assertThat(run.result()).isEqualTo(RunStatus.FAILED.wire());
        assertThat(run.detail()).contains("404");
    }

    @Test
    void triesWithinOneDeliveryPauseThroughTheSleeperAndNeverPastTheJobsDeadline() {
        Job job = env.catalogue().require("processar_confirmacao_plantao");
        Instant at = Instant.parse("2026-11-27T13:00:00Z");
        clock.set(at);
        SimulatedClock own = new SimulatedClock(at, Cadencia.ZONE);
        List<Duration> pauses = new ArrayList<>();
        io.cadencia.retry.Sleeper sleeper = pause -> {
            pauses.add(pause);
            own.advance(pause);
        };
        var http = java.net.http.HttpClient.newHttpClient();
        env.tenantApp().failNext("tenant-03", 503, 1_000);
        try {
            EndpointJob job5 = new EndpointJob(http, env.app("ControlFunction").tenantKeys(), Duration.ofSeconds(10), 5, Duration.ofSeconds(1), sleeper);
            JobOutcome outcome = job5.run(context(job, at, own, Deadline.after(own, Duration.ofSeconds(45))));
            assertThat(outcome.retry()).isTrue();
            assertThat(outcome.detail()).contains("-> 503").contains("6 tries");
            assertThat(pauses).as("the pauses went through the injected sleeper").hasSize(5);

            Deadline tight = Deadline.after(own, Duration.ofSeconds(3));
            JobOutcome cut = job5.run(context(job, at, own, tight));
            assertThat(cut.retry()).isTrue();
            assertThat(tight.remaining()).as("no pause ran into the time the last try needs").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            env.tenantApp().failNext("tenant-03", 503, 0);
        }

        env.tenantApp().delay("tenant-03", Duration.ofSeconds(4));
        try {
            EndpointJob once = new EndpointJob(http, env.app("ControlFunction").tenantKeys(), Duration.ofSeconds(10), 0, Duration.ofSeconds(1), sleeper);
            long started = System.nanoTime();
            JobOutcome slow = once.run(context(job, at, own, Deadline.after(own, Duration.ofMillis(1500))));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 10 s timeout was cut to the deadline's 1.5 s")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(slow.retry()).isTrue();
            assertThat(slow.detail()).contains("HttpTimeoutException");
        } finally {
            env.tenantApp().delay("tenant-03", Duration.ZERO);
        }
    }

    static JobContext context(Job job, Instant at, SimulatedClock clock, Deadline deadline) {
        Tenant tenant = env.app("ControlFunction").tenants().find("tenant-03").orElseThrow();
        return new JobContext(job, new WorkMessage(job.name(), job.category(), tenant.tenantId(), at, job.endpoint(), Trigger.MANUAL), tenant,
                env.app("ControlFunction").tenants().settingsOf(tenant), clock, "test", deadline);
    }

    static RunRecord runOf(String tenant, String job, Instant at) {
        return env.app("ControlFunction").runs().byTenant(tenant, 100).stream()
                .filter(r -> job.equals(r.job()) && at.equals(r.scheduledTime()) && r.trigger() == Trigger.SCHEDULE)
                .findFirst().orElseThrow();
    }
}
