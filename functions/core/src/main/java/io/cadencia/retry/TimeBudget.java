package io.cadencia.retry;

import java.time.Duration;

/**
 * The time a retry loop may still spend, as {@link Retrier} sees it. {@link io.cadencia.work.Deadline} is the one
 * in use; this interface keeps the retry package from depending on the work package, which depends on it.
 */
@FunctionalInterface
public interface TimeBudget {

    /** No limit: for pauses short enough not to matter to the caller's time. */
    TimeBudget UNLIMITED = work -> true;

    /** True when {@code work} still fits. */
    boolean allows(Duration work);
}
