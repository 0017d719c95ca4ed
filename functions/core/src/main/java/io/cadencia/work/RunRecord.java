package io.cadencia.work;

import java.time.Instant;

/** An execution-log entry: what one run did, when, and with which result. */
public record RunRecord(String job, String category, String tenantId, Instant scheduledTime, String trigger,
                        Instant startedAt, Instant endedAt, String result, int processed, int succeeded, int failed,
                        String detail) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String IN_PROGRESS = "in_progress";
}
