package io.cadencia.work;

import io.cadencia.dispatch.Trigger;

import java.time.Instant;

/**
 * An execution-log entry: what one run did, when, and with which result.
 *
 * @param tenantId null for a tick's dispatch record
 * @param result   a {@link RunStatus} wire name for a tenant's run; for a dispatch record, the dispatch's
 *                 {@link io.cadencia.dispatch.DispatchOutcome.Status} in lower case
 */
public record RunRecord(String job, String category, String tenantId, Instant scheduledTime, Trigger trigger,
                        Instant startedAt, Instant endedAt, String result, int processed, int succeeded, int failed,
                        String detail) {
}
