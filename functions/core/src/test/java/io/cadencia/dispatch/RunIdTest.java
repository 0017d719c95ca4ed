package io.cadencia.dispatch;

import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunIdTest {

    static final Instant T = Instant.parse("2026-11-23T13:00:00Z");
    static final RunId RUN = new RunId("report_manha", TenantId.of("a"), T, Trigger.SCHEDULE);

    @Test
    void theDeduplicationIdKeepsTheShapeSqsHasBeenSent() {
        assertThat(RUN.deduplicationId()).isEqualTo("report_manha#a#" + T.getEpochSecond() + "#schedule");
    }

    @Test
    void runsThatDifferInAnyComponentHaveDifferentDeduplicationIds() {
        List<RunId> others = List.of(
                new RunId("report_tarde", RUN.tenant(), T, Trigger.SCHEDULE),
                new RunId(RUN.job(), TenantId.of("b"), T, Trigger.SCHEDULE),
                new RunId(RUN.job(), RUN.tenant(), T.plusSeconds(1), Trigger.SCHEDULE),
                new RunId(RUN.job(), RUN.tenant(), T, Trigger.MANUAL));
        for (RunId other : others) {
            assertThat(other).isNotEqualTo(RUN);
            assertThat(other.deduplicationId()).as(other.toString()).isNotEqualTo(RUN.deduplicationId());
        }
    }

    @Test
    void aRunIsIdentifiedToTheSecondAsItsDeduplicationIdIs() {
        RunId later = new RunId(RUN.job(), RUN.tenant(), T.plusMillis(400), Trigger.SCHEDULE);
        assertThat(later).isEqualTo(RUN);
        assertThat(new WorkMessage(RUN.job(), "report", RUN.tenant(), T.plusMillis(400), null, Trigger.SCHEDULE).runId()).isEqualTo(RUN);
    }

    @Test
    void aRunNowForOneTenantIsAnotherTickThanOneForAll() {
        assertThat(Tick.manual(RUN.job(), T, Optional.of(TenantId.of("a")))).isNotEqualTo(Tick.manual(RUN.job(), T, Optional.empty()));
        assertThat(Tick.manual(RUN.job(), T.plusMillis(200), Optional.empty())).isEqualTo(Tick.manual(RUN.job(), T, Optional.empty()));
    }

    @Test
    void triggersTravelByTheirWireNames() {
        assertThat(Trigger.fromWire("schedule")).isEqualTo(Trigger.SCHEDULE);
        assertThat(Trigger.fromWire("manual")).isEqualTo(Trigger.MANUAL);
        assertThatThrownBy(() -> Trigger.fromWire("MANUAL")).hasMessageContaining("trigger 'MANUAL'");
    }

    @Test
    void aTenantIdCannotCarryTheKeySeparatorNorLookLikeASystemRow() {
        assertThatThrownBy(() -> TenantId.of("a#b")).hasMessageContaining("tenantId 'a#b' is invalid");
        assertThatThrownBy(() -> TenantId.of("_global")).hasMessageContaining("tenantId '_global'");
        assertThatThrownBy(() -> TenantId.of(null)).hasMessageContaining("tenantId 'null'");
        assertThat(TenantId.of("provedor-01").value()).isEqualTo("provedor-01");
    }
}
