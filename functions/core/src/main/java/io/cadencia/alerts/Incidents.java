package io.cadencia.alerts;

import io.cadencia.observability.MetricsSink;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Applies checks to stored incidents, so a condition that holds over many evaluations opens one incident, once. */
public final class Incidents {

    /** Counted once per transition, by the evaluation that made it; dimension {@code alert} only (four values). */
    public static final String OPENED = "AlertsOpened";
    public static final String RESOLVED = "AlertsResolved";

    private Incidents() {
    }

    /**
     * Opens or resolves the incident of {@code alert} for {@code subject} as {@code check} says, with one conditional
     * write. Returns the incident as it stands afterwards, whoever changed it (empty: there has never been one).
     */
    public static Optional<Incident> apply(IncidentStore store, MetricsSink metrics, Alert alert, String subject, Check check,
                                           Instant now) {
        Optional<Incident> current = store.find(alert, subject);
        Optional<Incident> next = Incident.next(current, alert, subject, check, now);
        if (next.isEmpty()) {
            return current;
        }
        if (!store.save(next.get(), current.map(Incident::version).orElse(0L))) {
            // A concurrent evaluation moved it first: its transition is the one that counts.
            return store.find(alert, subject);
        }
        metrics.count(next.get().isOpen() ? OPENED : RESOLVED, Map.of("alert", alert.wire()));
        return next;
    }
}
