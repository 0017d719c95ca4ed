package io.cadencia.dispatch;

import io.cadencia.catalogue.AwsCron;
import io.cadencia.catalogue.CatchUp;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.fakes.InMemoryControls;
import io.cadencia.fakes.InMemoryTenantDirectory;
import io.cadencia.fakes.InMemoryWakeIndex;
import io.cadencia.fakes.InMemoryTickLedger;
import io.cadencia.fakes.ManualClock;
import io.cadencia.fakes.RecordingWorkQueue;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher's rules with in-memory ports; the DynamoDB/SQS path is proven in the local module's ITs. */
class DispatcherTest {

    static final Instant T = Instant.parse("2026-11-23T13:00:00Z");
    static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    static final Job JOB = new Job("report_manha", "report", "/jobs/report-periodo?tipo=manha",
            AwsCron.parse("cron(0 10 * * ? *)", SAO_PAULO), "test", CatchUp.DEFAULT);

    final InMemoryTickLedger ledger = new InMemoryTickLedger("dispatcher");
    final InMemoryControls controls = new InMemoryControls();
    final RecordingWorkQueue queue = new RecordingWorkQueue();
    final ManualClock clock = new ManualClock(T);
    static final Job DUE_DRIVEN = new Job("due_driven", "critico", "/jobs/due", AwsCron.parse("cron(* * * * ? *)", SAO_PAULO), "test",
            new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofMinutes(5)));
    /** {@link #DUE_DRIVEN} is the one due-driven job. */
    final InMemoryWakeIndex wakes = new InMemoryWakeIndex(Set.of(DUE_DRIVEN.name()));
    final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory(
            new Tenant("a", "A", true, "http://a", Map.of()),
            new Tenant("b", "B", true, "http://b", Map.of()),
            new Tenant("c", "C", false, "http://c", Map.of()));
    final Dispatcher dispatcher = new Dispatcher(ledger, controls, tenants, wakes, queue, clock);

    @Test
    void aDueDrivenJobWakesOnlyTheActiveTenantsItsIndexNamesAndWithNoneWritesNothing() {
        Instant offSweep = T.plusSeconds(60);
        DispatchOutcome idle = dispatcher.dispatch(DUE_DRIVEN, Tick.scheduled(DUE_DRIVEN.name(), offSweep));
        assertThat(idle.status()).isEqualTo(DispatchOutcome.Status.NO_TENANTS);
        assertThat(queue.sent()).isEmpty();
        assertThat(ledger.statuses()).as("no tick claim, no record").isEmpty();

        wakes.wake(DUE_DRIVEN.name(), "b", T);
        wakes.wake(DUE_DRIVEN.name(), "c", T);
        assertThat(dispatcher.dispatch(DUE_DRIVEN, Tick.scheduled(DUE_DRIVEN.name(), offSweep.plusSeconds(60))).status())
                .isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(queue.sent()).extracting(WorkMessage::tenantId).as("c is inactive").containsExactly("b");

        assertThat(dispatcher.dispatch(DUE_DRIVEN, Tick.manual(DUE_DRIVEN.name(), offSweep.plusSeconds(120), Optional.empty())).tenants())
                .as("a run-now wakes every active tenant").isEqualTo(2);
    }

    @Test
    void everyFifteenMinutesADueDrivenTickSweepsEveryActiveTenantSoALostWakeCostsAtMostThat() {
        assertThat(T.getEpochSecond() / 60 % Dispatcher.SWEEP_EVERY.toMinutes()).as("T is a sweep minute").isZero();
        DispatchOutcome sweep = dispatcher.dispatch(DUE_DRIVEN, Tick.scheduled(DUE_DRIVEN.name(), T));
        assertThat(sweep.status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(queue.sent()).extracting(WorkMessage::tenantId).as("nothing woken, yet both active tenants").containsExactly("a", "b");
    }

    @Test
    void oneMessagePerActiveTenantInTheTenantsGroupWithAStableDeduplicationId() {
        DispatchOutcome outcome = dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T));
        assertThat(outcome.status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(queue.sent()).extracting(WorkMessage::tenantId).containsExactly("a", "b");
        assertThat(queue.sent().get(0).runId().deduplicationId()).isEqualTo("report_manha#a#" + T.getEpochSecond() + "#schedule");
    }

    @Test
    void aDuplicateDeliveryOfTheSameTickDispatchesNothing() {
        dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T));
        DispatchOutcome second = dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T));
        assertThat(second.status()).isEqualTo(DispatchOutcome.Status.DUPLICATE);
        assertThat(queue.sent()).hasSize(2);
    }

    @Test
    void pausedJobOrCategoryDispatchesNothingButRunNowStillDoes() {
        controls.pause("category", "report", Optional.empty(), T);
        assertThat(dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T)).detail()).isEqualTo("category report is paused");
        assertThat(queue.sent()).isEmpty();
        assertThat(dispatcher.dispatch(JOB, Tick.manual(JOB.name(), T, Optional.of(TenantId.of("b")))).status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(queue.sent()).extracting(WorkMessage::tenantId).containsExactly("b");
        assertThat(queue.sent().get(0).trigger()).isEqualTo(Trigger.MANUAL);
    }

    @Test
    void runNowForAnUnknownOrInactiveTenantIsRefusedBeforeClaimingTheTick() {
        assertThatThrownBy(() -> dispatcher.dispatch(JOB, Tick.manual(JOB.name(), T, Optional.of(TenantId.of("zz")))))
                .isInstanceOf(UnknownNameException.class).hasMessageContaining("unknown tenant 'zz'");
        assertThatThrownBy(() -> dispatcher.dispatch(JOB, Tick.manual(JOB.name(), T, Optional.of(TenantId.of("c")))))
                .hasMessageContaining("tenant 'c' is not active");
        assertThat(ledger.statuses()).isEmpty();
    }

    @Test
    void aFailedDispatchIsRecordedSoTheSchedulersRetryDispatchesAgain() {
        queue.down(true);
        assertThatThrownBy(() -> dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T))).hasMessageContaining("work queue unavailable");
        assertThat(ledger.outcomes().values()).extracting(DispatchOutcome::status).containsExactly(DispatchOutcome.Status.FAILED);
        queue.down(false);
        assertThat(dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T)).status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
    }

    @Test
    void manualAndScheduledTicksAtTheSameInstantAreDifferentClaims() {
        assertThat(Tick.manual(JOB.name(), T, Optional.empty())).isNotEqualTo(Tick.scheduled(JOB.name(), T));
        assertThat(new WorkMessage(JOB.name(), JOB.category(), TenantId.of("a"), T, null, Trigger.MANUAL).runId().deduplicationId())
                .as("SQS must not drop a run-now as a copy of the scheduled tick's message")
                .isNotEqualTo(new WorkMessage(JOB.name(), JOB.category(), TenantId.of("a"), T, null, Trigger.SCHEDULE).runId().deduplicationId());
    }

    static Job hourly(CatchUp catchUp) {
        return new Job("hourly", "sync", "/jobs/hourly", AwsCron.parse("cron(0 * * * ? *)", SAO_PAULO), "test", catchUp);
    }

    static Instant hour(int n) {
        return T.plus(Duration.ofHours(n));
    }

    /** Ticks {@code job} at {@code at}, delivered on time. */
    DispatchOutcome tickAt(Job job, Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
        return dispatcher.dispatch(job, Tick.scheduled(job.name(), at));
    }

    /** The hours after T the queue got ticks of, in order (tenant a's messages), and which a worker must not coalesce. */
    java.util.List<String> sentTicks() {
        return queue.sent().stream().filter(m -> m.tenantId().equals("a"))
                .map(m -> Duration.between(T, m.scheduledTime()).toHours() + (m.coalescible() ? "" : " kept")).toList();
    }

    @Test
    void policyAllDispatchesTheNewestMissedTicksUpToItsCapOldestFirstEachAsItsOwnTick() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ALL, 3, Duration.ofHours(12)));
        tickAt(job, hour(0));
        DispatchOutcome after = tickAt(job, hour(5));

        assertThat(after.status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(after.missed().ticks()).as("hours 1 to 4 were never delivered").isEqualTo(4);
        assertThat(after.missed().caughtUp()).containsExactly(hour(2), hour(3), hour(4));
        assertThat(after.missed().messages()).isEqualTo(6);
        assertThat(sentTicks()).as("every tick of an all job is kept apart").containsExactly("0 kept", "2 kept", "3 kept", "4 kept", "5 kept");
        assertThat(ledger.statuses()).as("each caught-up tick has its own claim; hour 1 none")
                .containsOnlyKeys(Tick.scheduled(job.name(), hour(0)), Tick.scheduled(job.name(), hour(2)),
                        Tick.scheduled(job.name(), hour(3)), Tick.scheduled(job.name(), hour(4)), Tick.scheduled(job.name(), hour(5)));
        assertThat(ledger.outcomes().get(Tick.scheduled(job.name(), hour(3))).detail()).isEqualTo("caught up by the tick at " + hour(5));
        assertThat(ledger.outcomes().get(Tick.scheduled(job.name(), hour(5))).missed()).as("recorded on the tick's dispatch record")
                .isEqualTo(after.missed());
    }

    @Test
    void policyOnceDispatchesOnlyTheLatestMissedTickAndSkipNone() {
        Job once = hourly(new CatchUp(CatchUp.Policy.ONCE, 1, Duration.ofHours(12)));
        tickAt(once, hour(0));
        assertThat(tickAt(once, hour(5)).missed()).isEqualTo(new Missed(4, java.util.List.of(hour(4)), 2));
        assertThat(sentTicks()).as("the caught-up tick is kept from coalescing into the next").containsExactly("0", "4 kept", "5");

        Job skip = new Job("skipper", "sync", "/jobs/skipper", once.schedule(), "test", new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofHours(12)));
        tickAt(skip, hour(6));
        clock.advance(Duration.ofHours(3));
        DispatchOutcome afterOutage = dispatcher.dispatch(skip, Tick.scheduled(skip.name(), hour(9)));
        assertThat(afterOutage.missed()).isEqualTo(new Missed(2, java.util.List.of(), 0));
        assertThat(afterOutage.messages()).isEqualTo(2);
    }

    @Test
    void missedTicksOlderThanTheWindowAreSkippedAndCounted() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofMinutes(150)));
        tickAt(job, hour(0));
        DispatchOutcome after = tickAt(job, hour(5));
        assertThat(after.missed().ticks()).isEqualTo(4);
        assertThat(after.missed().caughtUp()).as("hours 1 and 2 are more than 2.5 h old at hour 5").containsExactly(hour(3), hour(4));
    }

    @Test
    void aTickDeliveredLaterThanTheWindowIsSkippedAndCountedWithTheTicksBeforeIt() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofHours(2)));
        tickAt(job, hour(0));
        clock.advance(Duration.ofHours(6));
        DispatchOutcome late = dispatcher.dispatch(job, Tick.scheduled(job.name(), hour(3)));

        assertThat(late.status()).isEqualTo(DispatchOutcome.Status.SKIPPED);
        assertThat(late.detail()).isEqualTo("delivered PT3H after its time, later than the catch-up window PT2H");
        assertThat(late.missed()).isEqualTo(new Missed(3, java.util.List.of(), 0));
        assertThat(sentTicks()).containsExactly("0 kept");
        assertThat(tickAt(job, hour(6)).missed().caughtUp()).as("the skipped tick is claimed: the gap starts after it")
                .containsExactly(hour(4), hour(5));
    }

    @Test
    void aTickWhoseDispatchFailedIsAMissedTickOfTheNextOne() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ONCE, 1, Duration.ofHours(12)));
        queue.down(true);
        assertThatThrownBy(() -> tickAt(job, hour(0))).hasMessageContaining("work queue unavailable");
        queue.down(false);
        assertThat(tickAt(job, hour(1)).missed()).isEqualTo(new Missed(1, java.util.List.of(hour(0)), 2));
        assertThat(sentTicks()).containsExactly("0 kept", "1");
    }

    @Test
    void runNowsAndBackfillsNeitherCatchUpNorHideMissedTicks() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofHours(12)));
        tickAt(job, hour(0));
        clock.advance(Duration.ofMinutes(90));
        assertThat(dispatcher.dispatch(job, Tick.manual(job.name(), clock.instant(), Optional.empty())).missed()).isEqualTo(Missed.NONE);
        assertThat(dispatcher.dispatch(job, Tick.backfill(job.name(), hour(1), Optional.empty())).missed()).isEqualTo(Missed.NONE);
        assertThat(tickAt(job, hour(3)).missed().caughtUp()).as("the backfill of hour 1 is not the schedule's tick of hour 1")
                .containsExactly(hour(1), hour(2));
    }

    @Test
    void aDueDrivenJobCanOnlyBeToldMissedAtItsSweepsSinceATickWithNothingDueClaimsNothing() {
        dispatcher.dispatch(DUE_DRIVEN, Tick.scheduled(DUE_DRIVEN.name(), T));
        wakes.wake(DUE_DRIVEN.name(), "a", Instant.EPOCH);
        clock.advance(Duration.ofMinutes(20));
        DispatchOutcome later = dispatcher.dispatch(DUE_DRIVEN, Tick.scheduled(DUE_DRIVEN.name(), T.plus(Duration.ofMinutes(20))));
        assertThat(later.missed()).as("19 minutes without a claim, one of them a sweep").isEqualTo(new Missed(1, java.util.List.of(), 0));
    }

    @Test
    void aCaughtUpTickIsClaimedOnceWhenTheSchedulerAlsoDeliversItLate() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofHours(12)));
        tickAt(job, hour(0));
        tickAt(job, hour(2));
        assertThat(dispatcher.dispatch(job, Tick.scheduled(job.name(), hour(1))).status()).isEqualTo(DispatchOutcome.Status.DUPLICATE);
        assertThat(sentTicks()).containsExactly("0 kept", "1 kept", "2 kept");
    }

    @Test
    void aLateDeliveryOfATickTheCatchUpSkippedFindsItDecided() {
        Job minutely = new Job("minutely", "sync", "/jobs/minutely", AwsCron.parse("cron(* * * * ? *)", SAO_PAULO), "test",
                new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofMinutes(5)));
        tickAt(minutely, T);
        assertThat(tickAt(minutely, T.plus(Duration.ofMinutes(4))).missed().ticks()).isEqualTo(3);
        DispatchOutcome late = dispatcher.dispatch(minutely, Tick.scheduled(minutely.name(), T.plus(Duration.ofMinutes(2))));
        assertThat(late.status()).as("the scheduler's retry of a tick the catch-up skipped").isEqualTo(DispatchOutcome.Status.DUPLICATE);
        assertThat(ledger.outcomes().get(Tick.scheduled(minutely.name(), T.plus(Duration.ofMinutes(2)))).detail())
                .isEqualTo("skipped by the catch-up at the tick at " + T.plus(Duration.ofMinutes(4)) + " (policy skip (window PT5M))");
        assertThat(queue.sent()).extracting(WorkMessage::scheduledTime).containsOnly(T, T.plus(Duration.ofMinutes(4)));

        Job hourly = hourly(new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofHours(12)));
        tickAt(hourly, hour(1));
        tickAt(hourly, hour(4));
        assertThat(ledger.statuses()).as("an hour-old tick can no longer come from the scheduler: no claim written for it")
                .doesNotContainKeys(Tick.scheduled(hourly.name(), hour(2)), Tick.scheduled(hourly.name(), hour(3)));
    }

    @Test
    void aLateDeliveryThatClaimsBeforeTheNextTickCatchesUpItsOwnGapAndTheNextTickStartsAfterIt() {
        Job job = hourly(new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofHours(12)));
        tickAt(job, hour(0));
        clock.advance(Duration.ofHours(3));
        assertThat(dispatcher.dispatch(job, Tick.scheduled(job.name(), hour(2))).missed().caughtUp()).containsExactly(hour(1));
        assertThat(dispatcher.dispatch(job, Tick.scheduled(job.name(), hour(3))).missed()).isEqualTo(Missed.NONE);
        assertThat(sentTicks()).containsExactly("0 kept", "1 kept", "2 kept", "3 kept");
    }
}
