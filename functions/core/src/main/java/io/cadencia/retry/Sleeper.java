package io.cadencia.retry;

import java.time.Duration;

/** Blocking pause, injectable so tests can record the pauses instead of taking them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
