package io.cadencia.work;

import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.fakes.InMemoryControls;
import io.cadencia.fakes.RecordingMetrics;
import io.cadencia.fakes.RecordingRedelivery;
import io.cadencia.tenant.TenantId;
import io.cadencia.retry.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The worker batch's rules with in-memory ports; the SQS path is proven by the local module's ITs. */
class BatchRunnerTest {

    static final Instant T = Instant.parse("2026-11-24T13:00:00Z");
    static final Duration PLENTY = Duration.ofSeconds(60);

    final InMemoryControls controls = new InMemoryControls();
    final RecordingMetrics metrics = new RecordingMetrics();
    final RecordingRedelivery redelivery = new RecordingRedelivery();
    final List<WorkMessage> ran = Collections.synchronizedList(new ArrayList<>());
    /** What each message's run does instead of succeeding, by tenant and job. */
    final Map<String, Function<WorkMessage, RunRecord>> behaviour = new HashMap<>();

    final BatchRunner.Processor processor = (work, deadline) -> {
        ran.add(work);
        return behaviour.getOrDefault(work.tenantId() + "/" + work.job(), BatchRunnerTest::succeeded).apply(work);
    };

    BatchRunner runner(Optional<String> category, Executor groups) {
        return new BatchRunner(controls::pauses, metrics, Clock.fixed(T, ZoneOffset.UTC),
                RetryPolicy.exponential(5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15))
                        .spread(RetryPolicy.Spread.UPPER_HALF, Duration.ofSeconds(1)), category, groups, BatchEvents.NONE);
    }

    BatchRunner.Result run(List<Delivery> batch) {
        return runner(Optional.of("report"), Runnable::run).run(batch, processor, PLENTY, redelivery);
    }

    static RunRecord succeeded(WorkMessage work) {
        return new RunRecord(work.job(), work.category(), work.tenantId(), work.scheduledTime(), work.trigger(),
                T, T, RunStatus.SUCCEEDED.wire(), 1, 1, 0, null);
    }

    static Delivery work(String id, String tenant, String job, Instant at) {
        return work(id, tenant, job, at, Trigger.SCHEDULE, 1);
    }

    static Delivery work(String id, String tenant, String job, Instant at, Trigger trigger, int receives) {
        return new Delivery.Parsed(id, tenant, receives, new WorkMessage(job, "report", TenantId.of(tenant), at, "/x", trigger));
    }

    static Function<WorkMessage, RunRecord> failsRetryably(int attempts) {
        return work -> {
            throw new RetryableWorkException("endpoint down -> 503", attempts, null);
        };
    }

    @Test
    void everyMessageRunsAndNothingIsHandedBack() {
        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T), work("2", "b", "report_manha", T)));

        assertThat(result.handedBack()).isEmpty();
        assertThat(ran).extracting(WorkMessage::tenantId).containsExactly("a", "b");
        assertThat(redelivery.delayed()).isEmpty();
        assertThat(metrics.total("Runs", "result", RunStatus.SUCCEEDED.wire())).isEqualTo(2.0);
    }

    @Test
    void aRetryableFailureHandsBackItsMessageAndTheRestOfItsGroupWithOneGrowingDelay() {
        behaviour.put("a/report_manha", failsRetryably(2));

        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T), work("2", "b", "report_manha", T),
                work("3", "a", "report_tarde", T)));

        assertThat(result.handedBack()).containsOnlyKeys("1", "3");
        Duration delay = result.handedBack().get("1");
        // Second attempt: ceiling 60 s, jittered between half of it and all of it.
        assertThat(delay).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(result.handedBack().get("3")).isEqualTo(delay);
        assertThat(ran).extracting(WorkMessage::job).containsExactly("report_manha", "report_manha");
        assertThat(redelivery.delayed()).isEqualTo(result.handedBack());
        assertThat(metrics.total("RunsRetried")).isEqualTo(1.0);
        assertThat(metrics.total("Runs", "result", "retry")).isEqualTo(1.0);
    }

    @Test
    void aRunThatUsedItsAttemptsGoesToTheDeadLetterQueueAndItsGroupContinues() {
        behaviour.put("a/report_manha", failsRetryably(5));

        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T), work("2", "a", "report_tarde", T)));

        assertThat(result.handedBack()).isEmpty();
        assertThat(redelivery.deadLettered().get("1")).isEqualTo("gave up after 5 attempts: endpoint down -> 503");
        assertThat(ran).extracting(WorkMessage::job).containsExactly("report_manha", "report_tarde");
        assertThat(metrics.total("RunsDeadLettered")).isEqualTo(1.0);
        assertThat(metrics.total("MessagesDeadLettered")).isEqualTo(1.0);
    }

    @Test
    void anUnrunnableMessageIsDeadLetteredAtOnceWithoutCountingAttempts() {
        behaviour.put("a/report_manha", work -> {
            throw new UnrunnableWorkException("category 'report' does not match job 'report_manha' (category sync)");
        });

        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T), work("2", "a", "report_tarde", T)));

        assertThat(result.handedBack()).isEmpty();
        assertThat(redelivery.deadLettered()).containsEntry("1", "category 'report' does not match job 'report_manha' (category sync)");
        assertThat(ran).hasSize(2);
    }

    @Test
    void aMalformedMessageIsDeadLetteredWithItsReasonAndTheBatchRunsOn() {
        BatchRunner.Result result = run(List.of(new Delivery.Malformed("1", "message 1", 1, "field 'job' is missing"),
                work("2", "a", "report_manha", T)));

        assertThat(result.handedBack()).isEmpty();
        assertThat(redelivery.deadLettered()).containsOnly(Map.entry("1", "field 'job' is missing"));
        assertThat(ran).hasSize(1);
    }

    @Test
    void whenTheDeadLetterMoveFailsTheMessageComesBackAndItsGroupWaitsBehindIt() {
        redelivery.deadLetterQueueDown(true);

        BatchRunner.Result result = run(List.of(new Delivery.Malformed("1", "a", 3, "field 'job' is missing"),
                work("2", "a", "report_manha", T), work("3", "b", "report_manha", T)));

        // No claim-counted attempt: the third receive stands in for it (ceiling 120 s).
        assertThat(result.handedBack()).containsOnlyKeys("1", "2");
        assertThat(result.handedBack().get("1")).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120))
                .isEqualTo(result.handedBack().get("2"));
        assertThat(ran).extracting(WorkMessage::tenantId).containsExactly("b");
        assertThat(metrics.names()).doesNotContain("MessagesDeadLettered");
    }

    @Test
    void aMessageOfAnotherCategoryIsDeadLetteredWithoutRunning() {
        Delivery sync = new Delivery.Parsed("1", "a", 1, new WorkMessage("sync_hubsoft", "sync", TenantId.of("a"), T, null, Trigger.SCHEDULE));

        BatchRunner.Result result = run(List.of(sync));

        assertThat(result.handedBack()).isEmpty();
        assertThat(redelivery.deadLettered().get("1")).isEqualTo("field 'category' value 'sync' does not match this worker's category 'report'");
        assertThat(ran).isEmpty();
    }

    @Test
    void withoutACategoryNothingCanBeDeadLetteredOrDelayed() {
        BatchRunner.Result result = runner(Optional.empty(), Runnable::run).run(
                List.of(new Delivery.Malformed("1", "m", 1, "field 'job' is missing")), processor, PLENTY, redelivery);

        assertThat(result.handedBack()).containsOnlyKeys("1");
        assertThat(redelivery.deadLettered()).isEmpty();
        assertThat(redelivery.delayed()).isEmpty();
    }

    @Test
    void aPausedJobIsSkippedUnlessAnOperatorRanItNow() {
        controls.pause("job", "report_manha", Optional.empty(), T);

        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T),
                work("2", "b", "report_manha", T, Trigger.MANUAL, 1)));

        assertThat(result.handedBack()).isEmpty();
        assertThat(ran).extracting(WorkMessage::tenantId).containsExactly("b");
        assertThat(metrics.total("RunsSkippedPaused")).isEqualTo(1.0);
    }

    @Test
    void onlyTheNewestScheduledTickOfAJobRunsPerTenant() {
        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T), work("2", "a", "report_manha", T.plusSeconds(60)),
                work("3", "a", "report_manha", T, Trigger.MANUAL, 1)));

        assertThat(result.handedBack()).isEmpty();
        assertThat(ran).extracting(WorkMessage::scheduledTime, WorkMessage::trigger)
                .containsExactly(tuple(T.plusSeconds(60), Trigger.SCHEDULE), tuple(T, Trigger.MANUAL));
        assertThat(metrics.total("RunsCoalesced")).isEqualTo(1.0);
    }

    @Test
    void outOfTimeTheRestIsHandedBackForTheNextInvocationAtOnce() {
        BatchRunner.Result result = runner(Optional.of("report"), Runnable::run).run(
                List.of(work("1", "a", "report_manha", T), work("2", "b", "report_manha", T)), processor, Duration.ofSeconds(14), redelivery);

        assertThat(result.handedBack()).containsOnly(Map.entry("1", Duration.ZERO), Map.entry("2", Duration.ZERO));
        assertThat(ran).isEmpty();
    }

    @Test
    void anUnexpectedErrorIsRetriedAfterADelayGrowingWithTheReceiveCount() {
        behaviour.put("a/report_manha", work -> {
            throw new IllegalStateException("table not found");
        });

        BatchRunner.Result result = run(List.of(work("1", "a", "report_manha", T, Trigger.SCHEDULE, 4)));

        assertThat(result.handedBack().get("1")).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(240));
        assertThat(metrics.total("Runs", "result", "error")).isEqualTo(1.0);
    }

    @Test
    void tenantsGroupsRunSideBySideEachInOrder() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothStarted = new CountDownLatch(2);
        BatchRunner.Processor waitsForTheOtherGroup = (work, deadline) -> {
            if (work.job().equals("report_manha")) {
                bothStarted.countDown();
                try {
                    assertThat(bothStarted.await(5, TimeUnit.SECONDS)).as("the other group started meanwhile").isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return processor.process(work, deadline);
        };
        try {
            BatchRunner.Result result = runner(Optional.of("report"), pool).run(List.of(work("1", "a", "report_manha", T),
                    work("2", "b", "report_manha", T), work("3", "a", "report_tarde", T)), waitsForTheOtherGroup, PLENTY, redelivery);

            assertThat(result.handedBack()).isEmpty();
            assertThat(ran.stream().filter(w -> w.tenantId().equals("a")).map(WorkMessage::job)).containsExactly("report_manha", "report_tarde");
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
