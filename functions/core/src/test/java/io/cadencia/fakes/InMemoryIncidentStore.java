package io.cadencia.fakes;

import io.cadencia.alerts.Alert;
import io.cadencia.alerts.Incident;
import io.cadencia.alerts.IncidentStore;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Incidents as {@code DynamoIncidents} keeps them: one per alert and subject, saved only at the version read, and a
 * channel's notified version never moved back.
 *
 * <p>Not modelled: failed calls to the store. Thread-safe.
 */
public final class InMemoryIncidentStore implements IncidentStore {

    private final Map<String, Incident> incidents = new ConcurrentHashMap<>();

    private static String key(Alert alert, String subject) {
        return alert.wire() + "#" + subject;
    }

    @Override
    public Optional<Incident> find(Alert alert, String subject) {
        return Optional.ofNullable(incidents.get(key(alert, subject)));
    }

    @Override
    public List<Incident> all() {
        return new ArrayList<>(incidents.values());
    }

    @Override
    public synchronized boolean save(Incident incident, long expectedVersion) {
        long stored = find(incident.alert(), incident.subject()).map(Incident::version).orElse(0L);
        if (stored != expectedVersion) {
            return false;
        }
        incidents.put(key(incident.alert(), incident.subject()), incident);
        return true;
    }

    @Override
    public synchronized void markNotified(Alert alert, String subject, Incident.Channel channel, long version) {
        find(alert, subject).ifPresent(i -> {
            Map<Incident.Channel, Long> notified = new EnumMap<>(Incident.Channel.class);
            notified.putAll(i.notified());
            notified.merge(channel, version, Math::max);
            incidents.put(key(alert, subject), new Incident(i.alert(), i.subject(), i.state(), i.version(), i.openedAt(), i.resolvedAt(),
                    i.detail(), notified));
        });
    }
}
