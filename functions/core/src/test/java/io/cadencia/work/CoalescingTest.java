package io.cadencia.work;

import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescingTest {

    static WorkMessage m(String tenant, String job, String at, Trigger trigger) {
        return new WorkMessage(job, "critico", TenantId.of(tenant), Instant.parse(at), "/x", trigger);
    }

    @Test
    void onlyTheNewestTickOfAJobPerTenantRunsWhenABacklogArrivesTogether() {
        WorkMessage a1 = m("a", "j", "2026-11-23T10:00:00Z", Trigger.SCHEDULE);
        WorkMessage a2 = m("a", "j", "2026-11-23T10:01:00Z", Trigger.SCHEDULE);
        WorkMessage b1 = m("b", "j", "2026-11-23T10:00:00Z", Trigger.SCHEDULE);
        WorkMessage manual = m("a", "j", "2026-11-23T09:59:00Z", Trigger.MANUAL);
        Predicate<WorkMessage> superseded = Coalescing.supersededWithin(List.of(a1, a2, b1, manual));
        assertThat(superseded.test(a1)).isTrue();
        assertThat(superseded.test(a2)).isFalse();
        assertThat(superseded.test(b1)).isFalse();
        assertThat(superseded.test(manual)).as("an operator's run-now is never coalesced away").isFalse();
    }

    @Test
    void aTickTheCatchUpPolicyChoseRunsBesideTheNewerTickInTheSameBatch() {
        WorkMessage caughtUp = new WorkMessage("j", "critico", TenantId.of("a"), Instant.parse("2026-11-23T09:00:00Z"), "/x", Trigger.SCHEDULE, false);
        WorkMessage backlog = m("a", "j", "2026-11-23T09:30:00Z", Trigger.SCHEDULE);
        WorkMessage tick = m("a", "j", "2026-11-23T10:00:00Z", Trigger.SCHEDULE);
        WorkMessage backfill = m("a", "j", "2026-11-23T08:00:00Z", Trigger.BACKFILL);
        Predicate<WorkMessage> superseded = Coalescing.supersededWithin(List.of(caughtUp, backlog, tick, backfill));
        assertThat(superseded.test(caughtUp)).isFalse();
        assertThat(superseded.test(backlog)).as("a tick delivered late is still coalesced").isTrue();
        assertThat(superseded.test(tick)).isFalse();
        assertThat(superseded.test(backfill)).isFalse();
    }
}
