package io.cadencia.work;

import io.cadencia.dispatch.WorkMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescingTest {

    static WorkMessage m(String tenant, String job, String at, String trigger) {
        return new WorkMessage(job, "critico", tenant, Instant.parse(at), "/x", trigger);
    }

    @Test
    void onlyTheNewestTickOfAJobPerTenantRunsWhenABacklogArrivesTogether() {
        WorkMessage a1 = m("a", "j", "2026-11-23T10:00:00Z", "schedule");
        WorkMessage a2 = m("a", "j", "2026-11-23T10:01:00Z", "schedule");
        WorkMessage b1 = m("b", "j", "2026-11-23T10:00:00Z", "schedule");
        WorkMessage manual = m("a", "j", "2026-11-23T09:59:00Z", "manual");
        Predicate<WorkMessage> superseded = Coalescing.supersededWithin(List.of(a1, a2, b1, manual));
        assertThat(superseded.test(a1)).isTrue();
        assertThat(superseded.test(a2)).isFalse();
        assertThat(superseded.test(b1)).isFalse();
        assertThat(superseded.test(manual)).as("an operator's run-now is never coalesced away").isFalse();
    }
}
