package io.cadencia.work;

import io.cadencia.dispatch.WorkMessage;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a worker batch tells its operators as it goes (logs, in the runtime); the decisions stay in
 * {@link BatchRunner}. Called from the batch's group threads at once, so implementations are thread-safe; they
 * never throw, and no argument is ever null.
 */
public interface BatchEvents {

    /** Runs the handling of one work message; log lines written inside it name its tenant, job and category. */
    default <T> T within(WorkMessage work, Supplier<T> body) {
        return body.get();
    }

    void skippedPaused(WorkMessage work, String reason);

    void coalesced(WorkMessage work);

    void ran(WorkMessage work, RunRecord record);

    void retrying(WorkMessage work, Duration delay, String why);

    void failedUnexpectedly(WorkMessage work, RuntimeException error);

    void deadLettering(String messageId, String reason);

    void deadLetterFailed(String messageId, RuntimeException error);

    BatchEvents NONE = new BatchEvents() {
        @Override
        public void skippedPaused(WorkMessage work, String reason) {
        }

        @Override
        public void coalesced(WorkMessage work) {
        }

        @Override
        public void ran(WorkMessage work, RunRecord record) {
        }

        @Override
        public void retrying(WorkMessage work, Duration delay, String why) {
        }

        @Override
        public void failedUnexpectedly(WorkMessage work, RuntimeException error) {
        }

        @Override
        public void deadLettering(String messageId, String reason) {
        }

        @Override
        public void deadLetterFailed(String messageId, RuntimeException error) {
        }
    };
}
