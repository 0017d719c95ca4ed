package io.cadencia.observability;

import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.ThreadContext;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Puts tenant, job and category on every log line written inside the block (Powertools' JSON layout prints the
 * thread context as top-level keys).
 */
public final class LogContext {

    private LogContext() {
    }

    public static CloseableThreadContext.Instance of(String tenant, String job, String category) {
        CloseableThreadContext.Instance context = CloseableThreadContext.put("category", category == null ? "" : category);
        if (job != null) {
            context.put("job", job);
        }
        if (tenant != null) {
            context.put("tenant", tenant);
        }
        return context;
    }

    /**
     * {@code executor}, with each task carrying the logging keys (request id, function, …) of the thread that
     * submitted it, so work handed to a pool still logs as part of its invocation.
     */
    public static Executor carriedTo(Executor executor) {
        return task -> {
            Map<String, String> keys = ThreadContext.getImmutableContext();
            executor.execute(() -> {
                try (var ignored = CloseableThreadContext.putAll(keys)) {
                    task.run();
                }
            });
        };
    }
}
