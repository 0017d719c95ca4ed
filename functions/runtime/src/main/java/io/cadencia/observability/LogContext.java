package io.cadencia.observability;

import org.apache.logging.log4j.CloseableThreadContext;

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
}
