package io.cadencia.alerts;

import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;

import java.util.Collection;

/**
 * Seed 002's error rate: failed runs and failed sends over attempts. A run of the reminder sender that handled
 * messages counts each send as an attempt and each send that failed for good as a failure; every other finished run
 * is one attempt, a failure when its result is failed. Runs skipped or still in progress are not attempts.
 */
public record ErrorRate(int attempts, int failures) {

    public ErrorRate {
        if (attempts < 0 || failures < 0 || failures > attempts) {
            throw new IllegalArgumentException("need 0 <= failures <= attempts, got " + failures + " of " + attempts);
        }
    }

    /** @param sendingJob the job whose runs carry send counts ({@code processar_mensagens_agendadas}) */
    public static ErrorRate of(Collection<RunRecord> runs, String sendingJob) {
        int attempts = 0;
        int failures = 0;
        for (RunRecord run : runs) {
            boolean failed = RunStatus.FAILED.is(run.result());
            if (run.tenantId() == null || !(failed || RunStatus.SUCCEEDED.is(run.result()))) {
                continue;
            }
            if (run.job().equals(sendingJob) && run.processed() > 0) {
                attempts += run.processed();
                failures += Math.min(run.failed(), run.processed());
            } else {
                attempts++;
                failures += failed ? 1 : 0;
            }
        }
        return new ErrorRate(attempts, failures);
    }

    /** Failures over attempts; 0 without attempts. */
    public double rate() {
        return attempts == 0 ? 0 : (double) failures / attempts;
    }

    @Override
    public String toString() {
        return failures + " of " + attempts + " failed (" + Math.round(rate() * 1000) / 10.0 + " %)";
    }
}
