package io.cadencia.alerts;

import io.cadencia.dispatch.Trigger;
import io.cadencia.work.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorRateTest {

    private static final String SENDER = "processar_mensagens_agendadas";
    private static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");

    private static RunRecord run(String job, String result, int processed, int succeeded, int failed) {
        return new RunRecord(job, "c", "tenant-01", AT, Trigger.SCHEDULE, AT, AT, result, processed, succeeded, failed, null);
    }

    @Test
    void everyFinishedRunIsOneAttemptAndEachSendOfTheSenderAnother() {
        ErrorRate rate = ErrorRate.of(List.of(
                run("processar_grupos", "succeeded", 1, 1, 0),
                run("processar_grupos", "failed", 1, 0, 1),
                run(SENDER, "succeeded", 10, 8, 2),
                run(SENDER, "succeeded", 0, 0, 0),
                run(SENDER, "failed", 0, 0, 1)), SENDER);

        assertThat(rate.attempts()).as("2 runs + 10 sends + a sweep + a misconfigured run").isEqualTo(14);
        assertThat(rate.failures()).as("a failed run, 2 failed sends, the misconfigured run").isEqualTo(4);
        assertThat(rate.rate()).isEqualTo(4 / 14.0);
    }

    @Test
    void skippedRunsRunsInProgressAndDispatchRecordsAreNoAttempts() {
        RunRecord dispatch = new RunRecord("processar_grupos", "c", null, AT, Trigger.SCHEDULE, AT, AT, "dispatched", 3, 3, 0, null);
        ErrorRate rate = ErrorRate.of(List.of(run("processar_grupos", "skipped", 0, 0, 0),
                run("processar_grupos", "in_progress", 0, 0, 0), dispatch), SENDER);

        assertThat(rate).isEqualTo(new ErrorRate(0, 0));
        assertThat(rate.rate()).isZero();
    }

    @Test
    void aRunOfAnotherJobWithItemsIsStillOneAttempt() {
        ErrorRate rate = ErrorRate.of(List.of(run("sincronizar_briefing", "succeeded", 40, 38, 2)), SENDER);

        assertThat(rate).isEqualTo(new ErrorRate(1, 0));
    }
}
