package io.cadencia.fakes;

import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.PauseState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's pause flags in two maps, read consistently as {@code DynamoControls} reads them. It refuses a kind
 * other than {@code job} or {@code category}, which the port does not define, so a test's typo fails loudly.
 *
 * <p>Not modelled: failed calls to the store. Thread-safe; {@link #pauses()} is a snapshot.
 */
public final class InMemoryControls implements DispatchPorts.Controls {

    private final Map<String, PauseState.Pause> jobs = new HashMap<>();
    private final Map<String, PauseState.Pause> categories = new HashMap<>();

    @Override
    public synchronized PauseState pauses() {
        return new PauseState(jobs, categories);
    }

    @Override
    public synchronized void pause(String kind, String name, Optional<String> reason, Instant at) {
        flagsOf(kind).put(name, new PauseState.Pause(reason.orElse(""), Optional.of(at)));
    }

    @Override
    public synchronized void resume(String kind, String name) {
        flagsOf(kind).remove(name);
    }

    private Map<String, PauseState.Pause> flagsOf(String kind) {
        return switch (kind) {
            case "job" -> jobs;
            case "category" -> categories;
            default -> throw new IllegalArgumentException("pause kind must be job or category, not '" + kind + "'");
        };
    }
}
