package io.cadencia.dispatch;

import io.cadencia.catalogue.AwsCron;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.claim.Claim;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatcher's rules with in-memory ports; the DynamoDB/SQS path is proven in the local module's ITs. */
class DispatcherTest {

    static final Instant T = Instant.parse("2026-11-23T13:00:00Z");
    static final Job JOB = new Job("report_manha", "report", "/jobs/report-periodo?tipo=manha",
            AwsCron.parse("cron(0 10 * * ? *)", ZoneId.of("America/Sao_Paulo")), "test");

    final Set<Tick> claimed = new HashSet<>();
    final Map<Tick, DispatchOutcome> recorded = new LinkedHashMap<>();
    final List<WorkMessage> sent = new ArrayList<>();
    PauseState pauses = PauseState.NONE;
    final Map<String, Tenant> tenants = new LinkedHashMap<>();

    final DispatchPorts.TickLedger ledger = new DispatchPorts.TickLedger() {
        @Override
        public Optional<Claim.Claimed> claim(Tick tick, String category, Instant now) {
            DispatchOutcome previous = recorded.get(tick);
            boolean first = claimed.add(tick) || (previous != null && previous.status() == DispatchOutcome.Status.FAILED);
            return first ? Optional.of(new Claim.Claimed("me", now.plusSeconds(300), 1)) : Optional.empty();
        }

        @Override
        public void record(Tick tick, Claim.Claimed claim, DispatchOutcome outcome, Instant startedAt, Instant endedAt) {
            recorded.put(tick, outcome);
        }
    };

    final DispatchPorts.Controls controls = new DispatchPorts.Controls() {
        @Override
        public PauseState pauses() {
            return pauses;
        }

        @Override
        public void pause(String kind, String name, Optional<String> reason, Instant at) {
        }

        @Override
        public void resume(String kind, String name) {
        }
    };

    final TenantDirectory directory = new TenantDirectory() {
        @Override
        public List<Tenant> activeTenants() {
            return tenants.values().stream().filter(Tenant::active).toList();
        }

        @Override
        public Optional<Tenant> find(String tenantId) {
            return Optional.ofNullable(tenants.get(tenantId));
        }

        @Override
        public Map<String, String> globalSettings() {
            return Map.of();
        }

        @Override
        public void save(Tenant tenant) {
            tenants.put(tenant.id(), tenant);
        }

        @Override
        public void saveGlobalSetting(String key, String value) {
        }
    };

    boolean queueDown;
    final DispatchPorts.WorkQueue queue = (category, messages) -> {
        if (queueDown) {
            throw new IllegalStateException("SQS unavailable");
        }
        sent.addAll(messages);
        return messages.size();
    };

    final Dispatcher dispatcher = new Dispatcher(ledger, controls, directory, queue, Clock.fixed(T, ZoneId.of("UTC")));

    DispatcherTest() {
        directory.save(new Tenant("a", "A", true, "http://a", Map.of()));
        directory.save(new Tenant("b", "B", true, "http://b", Map.of()));
        directory.save(new Tenant("c", "C", false, "http://c", Map.of()));
    }

    @Test
    void oneMessagePerActiveTenantInTheTenantsGroupWithAStableDeduplicationId() {
        DispatchOutcome outcome = dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T));
        assertThat(outcome.status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(sent).extracting(WorkMessage::tenantId).containsExactly("a", "b");
        assertThat(sent.get(0).runId().deduplicationId()).isEqualTo("report_manha#a#" + T.getEpochSecond() + "#schedule");
    }

    @Test
    void aDuplicateDeliveryOfTheSameTickDispatchesNothing() {
        dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T));
        DispatchOutcome second = dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T));
        assertThat(second.status()).isEqualTo(DispatchOutcome.Status.DUPLICATE);
        assertThat(sent).hasSize(2);
    }

    @Test
    void pausedJobOrCategoryDispatchesNothingButRunNowStillDoes() {
        pauses = new PauseState(Set.of(), Set.of("report"));
        assertThat(dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T)).detail()).isEqualTo("category report is paused");
        assertThat(sent).isEmpty();
        assertThat(dispatcher.dispatch(JOB, Tick.manual(JOB.name(), T, Optional.of(TenantId.of("b")))).status()).isEqualTo(DispatchOutcome.Status.DISPATCHED);
        assertThat(sent).extracting(WorkMessage::tenantId).containsExactly("b");
        assertThat(sent.get(0).trigger()).isEqualTo(Trigger.MANUAL);
    }

    @Test
    void runNowForAnUnknownOrInactiveTenantIsRefusedBeforeClaimingTheTick() {
        assertThatThrownBy(() -> dispatcher.dispatch(JOB, Tick.manual(JOB.name(), T, Optional.of(TenantId.of("zz")))))
                .isInstanceOf(UnknownNameException.class).hasMessageContaining("unknown tenant 'zz'");
        assertThatThrownBy(() -> dispatcher.dispatch(JOB, Tick.manual(JOB.name(), T, Optional.of(TenantId.of("c")))))
                .hasMessageContaining("tenant 'c' is not active");
        assertThat(claimed).isEmpty();
    }

    @Test
    void aFailedDispatchIsRecordedSoTheSchedulersRetryDispatchesAgain() {
        queueDown = true;
        assertThatThrownBy(() -> dispatcher.dispatch(JOB, Tick.scheduled(JOB.name(), T))).hasMessageContaining("SQS unavailable");
        assertThat(recorded.values()).extracting(DispatchOutcome::status).containsExactly(DispatchOutcome.Status.FAILED);
        queueDown = false;
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
