package io.cadencia.work;

import io.cadencia.dispatch.WorkMessage;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/** A worker batch's events as log lines, each carrying its message's tenant, job and category. */
public final class LoggedBatchEvents implements BatchEvents {

    /** Under the handler's name: the worker function's log lines read as one stream. */
    private static final Logger LOG = LogManager.getLogger("io.cadencia.lambda.WorkerHandler");

    @Override
    public <T> T within(WorkMessage work, Supplier<T> body) {
        try (var ignored = LogContext.of(work.tenantId(), work.job(), work.category())) {
            return body.get();
        }
    }

    @Override
    public void skippedPaused(WorkMessage work, String reason) {
        LOG.info("tick {} not run: {}", work.scheduledTime(), reason);
    }

    @Override
    public void coalesced(WorkMessage work) {
        LOG.info("tick {} coalesced into a newer tick of the same job in this batch", work.scheduledTime());
    }

    @Override
    public void ran(WorkMessage work, RunRecord record) {
        LOG.info("run {} at {}: {} ({} processed, {} failed){}", work.job(), work.scheduledTime(), record.result(),
                record.processed(), record.failed(), record.detail() == null ? "" : " - " + record.detail());
    }

    @Override
    public void retrying(WorkMessage work, Duration delay, String why) {
        LOG.warn("run {} at {} will be retried in {}: {}", work.job(), work.scheduledTime(), delay, why);
    }

    @Override
    public void failedUnexpectedly(WorkMessage work, RuntimeException error) {
        LOG.error("run {} at {} failed unexpectedly and will be retried", work.job(), work.scheduledTime(), error);
    }

    @Override
    public void deadLettering(String messageId, String reason) {
        LOG.error("message {} goes to the dead-letter queue: {}", messageId, reason);
    }

    @Override
    public void deadLetterFailed(String messageId, RuntimeException error) {
        LOG.error("could not send message {} to the dead-letter queue; it will be retried", messageId, error);
    }
}
