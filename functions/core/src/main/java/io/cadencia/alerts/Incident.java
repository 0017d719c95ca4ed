package io.cadencia.alerts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert for one subject (a tenant, or a job for the operators' {@link Alert#MISSED_RUN}): open while its condition
 * holds, resolved once it clears. Every transition adds one to {@code version}, so a store can make each one a
 * conditional write that only one of any number of concurrent evaluations wins, and a channel is told of a
 * transition exactly when the version it was last told of is older.
 *
 * @param detail   why the latest transition happened (the firing check's detail when opened, the clearing one's when resolved)
 * @param notified per channel, the version it was last told of (absent: never)
 */
public record Incident(Alert alert, String subject, State state, long version, Instant openedAt, Optional<Instant> resolvedAt,
                       String detail, Map<Channel, Long> notified) {

    public enum State { OPEN, RESOLVED }

    /** Where a tenant hears of its incidents: its admin WhatsApp number, its own HTTP endpoint. */
    public enum Channel { WHATSAPP, ENDPOINT }

    public Incident {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(detail, "detail");
        if (version < 1) {
            throw new IllegalArgumentException("an incident's version starts at 1, got " + version);
        }
        if ((state == State.RESOLVED) != resolvedAt.isPresent()) {
            throw new IllegalArgumentException("a resolved incident, and only one, has a resolution time (" + state + ", " + resolvedAt + ")");
        }
        notified = notified.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(notified));
    }

    /**
     * The incident once {@code check} has been applied at {@code now}, if that changes it: a firing check opens a new
     * incident (none yet, or the last one resolved), a clearing one resolves an open incident; anything else, and
     * every {@link Check.Unknown}, leaves it as it is.
     */
    public static Optional<Incident> next(Optional<Incident> current, Alert alert, String subject, Check check, Instant now) {
        boolean open = current.map(Incident::isOpen).orElse(false);
        return switch (check) {
            case Check.Firing firing when !open -> Optional.of(new Incident(alert, subject, State.OPEN,
                    current.map(Incident::version).orElse(0L) + 1, now, Optional.empty(), firing.detail(),
                    current.map(Incident::notified).orElse(Map.of())));
            case Check.Clear clear when open -> Optional.of(new Incident(alert, subject, State.RESOLVED, current.get().version() + 1,
                    current.get().openedAt(), Optional.of(now), clear.detail(), current.get().notified()));
            case Check.Firing _, Check.Clear _, Check.Unknown _ -> Optional.empty();
        };
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** When the latest transition happened. */
    public Instant changedAt() {
        return resolvedAt.orElse(openedAt);
    }

    /** True while {@code channel} has not been told of the latest transition. */
    public boolean unnotified(Channel channel) {
        return notified.getOrDefault(channel, 0L) < version;
    }
}
