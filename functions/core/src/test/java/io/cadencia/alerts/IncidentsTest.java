package io.cadencia.alerts;

import io.cadencia.fakes.InMemoryIncidentStore;
import io.cadencia.fakes.RecordingMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Check FIRING = new Check.Firing("instance close since 11:00, more than 30 minutes");
    private static final Check CLEAR = new Check.Clear("instance open");

    private final InMemoryIncidentStore store = new InMemoryIncidentStore();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private Optional<Incident> apply(Check check, Instant at) {
        return Incidents.apply(store, metrics, Alert.WHATSAPP_OFFLINE, "tenant-01", check, at);
    }

    @Test
    void aConditionHeldOverManyEvaluationsOpensOnceAndResolvesOnce() {
        for (int i = 0; i < 5; i++) {
            apply(FIRING, T0.plusSeconds(1800L * i));
        }
        for (int i = 5; i < 8; i++) {
            apply(CLEAR, T0.plusSeconds(1800L * i));
        }

        assertThat(metrics.total(Incidents.OPENED, "alert", "whatsapp_offline")).isEqualTo(1);
        assertThat(metrics.total(Incidents.RESOLVED, "alert", "whatsapp_offline")).isEqualTo(1);
        Incident last = store.find(Alert.WHATSAPP_OFFLINE, "tenant-01").orElseThrow();
        assertThat(last.state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(last.openedAt()).isEqualTo(T0);
        assertThat(last.resolvedAt()).contains(T0.plusSeconds(1800L * 5));
    }

    @Test
    void concurrentEvaluationsOfTheSameConditionOpenItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Incident>>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return apply(FIRING, T0);
            }));
        }
        go.countDown();
        for (Future<Optional<Incident>> result : results) {
            assertThat(result.get()).as("every evaluation sees the one open incident").hasValueSatisfying(i -> {
                assertThat(i.isOpen()).isTrue();
                assertThat(i.version()).isOne();
            });
        }
        pool.shutdown();

        assertThat(metrics.total(Incidents.OPENED)).isEqualTo(1);
    }

    @Test
    void theMetricNamesOnlyTheAlertNeverTheSubject() {
        apply(FIRING, T0);

        assertThat(metrics.total(Incidents.OPENED, "alert", "whatsapp_offline")).isEqualTo(1);
        assertThat(metrics.total(Incidents.OPENED, "tenant", "tenant-01")).isZero();
    }
}
