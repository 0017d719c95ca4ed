package io.cadencia.work;

import io.cadencia.catalogue.AwsCron;
import io.cadencia.catalogue.CatchUp;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Effects;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.fakes.InMemoryRunLedger;
import io.cadencia.fakes.InMemoryTenantDirectory;
import io.cadencia.fakes.ManualClock;
import io.cadencia.fakes.RecordingMetrics;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's claim rules with an in-memory ledger; the DynamoDB ledger is proven in the local module's ITs. */
class WorkerTest {

    static final Instant T = Instant.parse("2026-11-24T13:00:00Z");
    static final Job JOB = new Job("report_manha", "report", "/x", AwsCron.parse("cron(0 10 * * ? *)", ZoneId.of("America/Sao_Paulo")), "t", CatchUp.DEFAULT);
    static final WorkMessage WORK = new WorkMessage(JOB.name(), "report", TenantId.of("a"), T, "/x", Trigger.SCHEDULE);
    static final Duration LEASE = Duration.ofMinutes(5);

    final InMemoryRunLedger ledger = new InMemoryRunLedger();
    final TenantDirectory tenants = new InMemoryTenantDirectory(new Tenant("a", "A", true, "http://a", Map.of()));
    final RecordingMetrics metrics = new RecordingMetrics();
    final ManualClock clock = new ManualClock(T);
    final Deadline deadline = Deadline.after(clock, Duration.ofSeconds(45));

    Worker worker(JobRunner runner) {
        return worker("w1", runner);
    }

    Worker worker(String id, JobRunner runner) {
        return new Worker(new Catalogue(List.of(JOB)), tenants, ledger, new JobRegistry(Map.of(JOB.name(), runner), runner),
                clock, id, LEASE, metrics);
    }

    @Test
    void aClaimedRunHappensOnceWhateverTheRedeliveries() {
        AtomicInteger effects = new AtomicInteger();
        Worker worker = worker(context -> JobOutcome.ok(effects.incrementAndGet(), "ok"));
        assertThat(worker.process(WORK, deadline).result()).isEqualTo(RunStatus.SUCCEEDED.wire());
        assertThat(worker.process(WORK, deadline).result()).isEqualTo(RunStatus.SKIPPED.wire());
        assertThat(effects).hasValue(1);
    }

    @Test
    void aFailedRunIsRecordedAndRetriedOnRedelivery() {
        AtomicInteger attempts = new AtomicInteger();
        Worker worker = worker(context -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return JobOutcome.ok(1, "ok");
        });
        assertThatThrownBy(() -> worker.process(WORK, deadline)).isInstanceOf(RetryableWorkException.class).hasMessageContaining("boom");
        assertThat(worker.process(WORK, deadline).result()).isEqualTo(RunStatus.SUCCEEDED.wire());
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aJobThatClaimsItsOwnItemsIsRecordedOnceWithoutARunClaim() {
        AtomicInteger runsOfJob = new AtomicInteger();
        JobRunner selfClaiming = new JobRunner() {
            @Override
            public JobOutcome run(JobContext context) {
                runsOfJob.incrementAndGet();
                return JobOutcome.ok(0, "nothing due");
            }

            @Override
            public boolean claimsItsOwnItems() {
                return true;
            }
        };
        Worker worker = worker(selfClaiming);
        assertThat(worker.process(WORK, deadline).result()).isEqualTo(RunStatus.SUCCEEDED.wire());
        RunRecord again = worker.process(WORK, deadline);
        assertThat(again.result()).isEqualTo(RunStatus.SKIPPED.wire());
        assertThat(again.detail()).isEqualTo("already recorded by an earlier delivery");
        assertThat(runsOfJob).as("the job itself may run again; its items are claimed one by one").hasValue(2);
        assertThat(ledger.statuses()).hasSize(1);
    }

    @Test
    void aMessageThatCanNeverRunIsUnrunnableNotRetryable() {
        AtomicInteger effects = new AtomicInteger();
        Worker worker = worker(context -> JobOutcome.ok(effects.incrementAndGet(), "ok"));

        assertThatThrownBy(() -> worker.process(new WorkMessage("no_such_job", "report", TenantId.of("a"), T, "/x", Trigger.SCHEDULE), deadline))
                .isInstanceOf(UnrunnableWorkException.class).hasMessageStartingWith("unknown job 'no_such_job'");
        assertThatThrownBy(() -> worker.process(new WorkMessage(JOB.name(), "sync", TenantId.of("a"), T, "/x", Trigger.SCHEDULE), deadline))
                .isInstanceOf(UnrunnableWorkException.class)
                .hasMessage("category 'sync' does not match job 'report_manha' (category report)");
        assertThat(effects).hasValue(0);
        assertThat(ledger.statuses()).as("nothing claimed or recorded").isEmpty();
    }

    @Test
    void workForARemovedTenantIsSkippedNotRetried() {
        Worker worker = worker(context -> JobOutcome.ok(1, "ok"));
        RunRecord record = worker.process(new WorkMessage(JOB.name(), "report", TenantId.of("gone"), T, "/x", Trigger.SCHEDULE), deadline);
        assertThat(record.result()).isEqualTo(RunStatus.SKIPPED.wire());
        assertThat(record.detail()).isEqualTo("tenant not found");
        assertThat(ledger.statuses()).as("the execution log keeps a trace of work for a tenant nobody knows")
                .containsKey(new RunId(JOB.name(), TenantId.of("gone"), T, Trigger.SCHEDULE));
        assertThat(metrics.names()).containsExactly("RunsForUnknownTenant");
    }

    @Test
    void theJobSeesTheInvocationDeadlineAlsoBoundToItsThread() {
        AtomicInteger seen = new AtomicInteger();
        Worker worker = worker(context -> {
            assertThat(context.deadline()).isEqualTo(deadline);
            assertThat(Deadline.current()).contains(deadline);
            seen.incrementAndGet();
            return JobOutcome.ok(1, "ok");
        });
        worker.process(WORK, deadline);
        assertThat(seen).hasValue(1);
        assertThat(Deadline.current()).as("unbound once the job is done").isEmpty();
    }

    @Test
    void aRetryableFailureCarriesTheRunsAttemptCount() {
        Worker worker = worker(context -> JobOutcome.failedRetryable("endpoint down"));
        assertThatThrownBy(() -> worker.process(WORK, deadline)).isInstanceOfSatisfying(RetryableWorkException.class,
                e -> assertThat(e.attempts()).isEqualTo(1));
        assertThatThrownBy(() -> worker.process(WORK, deadline)).isInstanceOfSatisfying(RetryableWorkException.class,
                e -> assertThat(e.attempts()).as("the redelivery's claim is the second").isEqualTo(2));
    }

    @Test
    void aLiveLeaseHoldsTheRunAndAnExpiredOneIsTakenOverSoItsFormerHolderCannotFinish() {
        Worker other = worker("w2", context -> JobOutcome.ok(1, "ok"));
        Worker first = worker("w1", context -> {
            assertThatThrownBy(() -> other.process(WORK, deadline)).isInstanceOf(RetryableWorkException.class)
                    .hasMessageContaining("is held by w1");
            clock.advance(LEASE.plusSeconds(1));
            assertThat(other.process(WORK, deadline).result()).isEqualTo(RunStatus.SUCCEEDED.wire());
            return JobOutcome.ok(1, "ok");
        });

        assertThatThrownBy(() -> first.process(WORK, deadline)).isInstanceOf(RetryableWorkException.class)
                .hasMessageContaining("lost the lease");
        assertThat(ledger.statuses()).containsExactly(Map.entry(WORK.runId(), RunStatus.DONE.wire()));
    }

    @Test
    void aJobWithoutEffectsRunsUnclaimedAndKeepsOneExecutionRecordPerTick() {
        Job healthCheck = new Job("verificar_whatsapp", "monitoramento", "/jobs/verificar-whatsapp",
                AwsCron.parse("cron(0/5 * * * ? *)", ZoneId.of("America/Sao_Paulo")), "t", Effects.NONE);
        WorkMessage check = new WorkMessage(healthCheck.name(), "monitoramento", TenantId.of("a"), T, "/jobs/verificar-whatsapp", Trigger.SCHEDULE);
        List<String> ledgerCalls = new ArrayList<>();
        AtomicInteger checks = new AtomicInteger();
        JobRunner runner = context -> JobOutcome.ok(checks.incrementAndGet(), "instance open");
        Worker worker = new Worker(new Catalogue(List.of(healthCheck)), tenants, recordingCalls(ledgerCalls),
                new JobRegistry(Map.of(), runner), clock, "w1", LEASE, metrics);

        assertThat(worker.process(check, deadline).result()).isEqualTo(RunStatus.SUCCEEDED.wire());
        RunRecord duplicate = worker.process(check, deadline);

        assertThat(duplicate.result()).isEqualTo(RunStatus.SKIPPED.wire());
        assertThat(duplicate.detail()).isEqualTo("already recorded by an earlier delivery");
        assertThat(checks).as("a second check of the same tick is harmless, so nothing stops it").hasValue(2);
        assertThat(ledgerCalls).as("no claim and no finish: one conditional record per delivery").containsExactly("record", "record");
        assertThat(ledger.statuses()).as("one execution record for the tick").containsOnlyKeys(check.runId());
    }

    /** {@link #ledger}, noting which of its writes each call is. */
    RunLedger recordingCalls(List<String> calls) {
        return new RunLedger() {
            @Override
            public Claim claim(RunId key, String category, String owner, Instant now, Duration lease) {
                calls.add("claim");
                return ledger.claim(key, category, owner, now, lease);
            }

            @Override
            public boolean record(RunId key, RunRecord record, Instant now) {
                calls.add("record");
                return ledger.record(key, record, now);
            }

            @Override
            public boolean finish(RunId key, Claim.Claimed claim, RunRecord record) {
                calls.add("finish");
                return ledger.finish(key, claim, record);
            }

            @Override
            public List<RunRecord> byJob(String job, int limit) {
                return ledger.byJob(job, limit);
            }

            @Override
            public Map<String, io.cadencia.dispatch.CatchUpTotals> catchUpTotals() {
                return ledger.catchUpTotals();
            }

            @Override
            public List<RunRecord> byTenant(String tenantId, int limit) {
                return ledger.byTenant(tenantId, limit);
            }

            @Override
            public Optional<RunRecord> lastDispatch(String job) {
                return ledger.lastDispatch(job);
            }
        };
    }
}
