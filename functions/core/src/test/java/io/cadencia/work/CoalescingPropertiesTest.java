package io.cadencia.work;

import io.cadencia.dispatch.Trigger;

import io.cadencia.dispatch.WorkMessage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Any batch (duplicates, ties, several tenants and jobs, run-now among ticks): only the newest tick of each runs. */
class CoalescingPropertiesTest {

    @Provide
    Arbitrary<List<WorkMessage>> batches() {
        Arbitrary<String> tenants = Arbitraries.of("tenant-a", "tenant-b", "tenant-c");
        Arbitrary<String> jobs = Arbitraries.of("verificar_whatsapp", "processar_grupos");
        Arbitrary<String> times = Arbitraries.integers().between(0, 5).map(m -> "2026-11-23T10:0" + m + ":00Z");
        Arbitrary<Trigger> triggers = Arbitraries.of(Trigger.SCHEDULE, Trigger.SCHEDULE, Trigger.MANUAL);
        return Combinators.combine(tenants, jobs, times, triggers)
                .as((tenant, job, at, trigger) -> CoalescingTest.m(tenant, job, at, trigger))
                .list().ofMinSize(1).ofMaxSize(10);
    }

    @Property
    void keepsExactlyTheNewestScheduledTickOfEachTenantAndJobAndEveryRunNow(@ForAll("batches") List<WorkMessage> batch) {
        Predicate<WorkMessage> superseded = Coalescing.supersededWithin(batch);
        Map<String, Instant> newest = batch.stream().filter(m -> m.trigger() == Trigger.SCHEDULE)
                .collect(Collectors.toMap(m -> m.tenantId() + "/" + m.job(), WorkMessage::scheduledTime,
                        (a, b) -> a.isAfter(b) ? a : b));

        for (WorkMessage m : batch) {
            boolean expected = m.trigger() == Trigger.SCHEDULE
                    && m.scheduledTime().isBefore(newest.get(m.tenantId() + "/" + m.job()));
            assertThat(superseded.test(m)).as("%s in %s", m, batch).isEqualTo(expected);
        }
        assertThat(newest.keySet()).as("every tenant and job with a tick keeps one").allSatisfy(key ->
                assertThat(batch).anySatisfy(m -> {
                    assertThat(m.tenantId() + "/" + m.job()).isEqualTo(key);
                    assertThat(superseded.test(m)).isFalse();
                }));
    }
}
