package io.cadencia.work;

/** What a job did for one tenant; {@code failed > 0} with {@code retry} asks for the message to be redelivered. */
public record JobOutcome(int processed, int succeeded, int failed, String detail, boolean retry) {

    public static JobOutcome ok(int processed, String detail) {
        return new JobOutcome(processed, processed, 0, detail, false);
    }

    public static JobOutcome failedRetryable(String detail) {
        return new JobOutcome(1, 0, 1, detail, true);
    }

    public static JobOutcome failedPermanently(String detail) {
        return new JobOutcome(1, 0, 1, detail, false);
    }

    public RunStatus result() {
        return failed > 0 && succeeded == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    }
}
