package io.cadencia.dispatch;

import io.cadencia.catalogue.AwsCron;
import io.cadencia.catalogue.Effects;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.fakes.InMemoryControls;
import io.cadencia.fakes.InMemoryTenantDirectory;
import io.cadencia.fakes.InMemoryTickLedger;
import io.cadencia.fakes.RecordingWorkQueue;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher's rules with in-memory ports; the DynamoDB/SQS path is proven in the local module's ITs. */
class DispatcherTest {

    static final Instant T = Instant.parse("2026-11-23T13:00:00Z");
    static final Job JOB = new Job("report_manha", "report", "/jobs/report-periodo?tipo=manha",
            AwsCron.parse("cron(0 10 * * ? *)", ZoneId.of("America/Sao_Paulo")), "test", Effects.ONCE);

    final InMemoryTickLedger ledger = new InMemoryTickLedger("dispatcher");
    final InMemoryControls controls = new InMemoryControls();
    final RecordingWorkQueue queue = new RecordingWorkQueue();
    static final Job DUE_DRIVEN = new Job("due_driven", "critico", "/jobs/due", AwsCron.parse("cron(* * * * ? *)", ZoneId.of("America/Sao_Paulo")), "test", Effects.ONCE);
    /** The wake index of {@link #DUE_DRIVEN}; every other job is not due-driven. */
    final Set<String> woken = new HashSet<>();
    final Dispatcher dispatcher = new Dispatcher(ledger, controls, new InMemoryTenantDirectory(
            new Tenant("a", "A", true, "http://a", Map.of()),
            new Tenant("b", "B", true, "http://b", Map.of()),
            new Tenant("c", "C", false, "http://c", Map.of())),
            (job, at) -> job.equals(DUE_DRIVEN.name()) ? Optional.of(Set.copyOf(woken)) : Optional.empty(),
            queue, Clock.fixed(T, ZoneId.of("UTC")));

    @Test
    void aDueDrivenJobWakesOnlyTheActiveTenantsItsIndexNamesAndWithNoneWritesNothing() {
        Instant offSweep = T.plusSeconds(60);
        DispatchOutcome idle = dispatcher.dispatch(DUE_DRIVEN, Tick.scheduled(DUE_DRIVEN.name(), offSweep));
        assertThat(idle.status()).isEqualTo(DispatchOutcome.Status.NO_TENANTS);
        assertThat(queue.sent()).isEmpty();
        assertThat(ledger.statuses()).as("no tick claim, no record").isEmpty();

        woken.addAll(Set.of("b", "c"));
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
}
