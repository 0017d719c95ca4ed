package io.cadencia.alerts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's Evolution instance as {@code verificar_whatsapp} last saw it.
 *
 * @param state        the connection state as read ({@code open}, {@code close}, {@code connecting}, why it was
 *                     unreachable or refused), or {@code unconfigured}
 * @param offlineSince since when the instance has been seen not open, without an open check in between; empty while
 *                     it is open or while the tenant has no instance
 */
public record InstanceHealth(String state, Instant checkedAt, Optional<Instant> offlineSince) {

    public InstanceHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(offlineSince, "offlineSince");
    }
}
