package io.cadencia.hubsoft;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A HubSoft bearer token. {@link #toString()} never shows the value, so a token logged or put in an exception
 * message by mistake leaks nothing.
 */
public record AccessToken(String value, Instant expiresAt) {

    /** Seed 003 §2: renew when less than 5 minutes are left. */
    public static final Duration RENEW_MARGIN = Duration.ofMinutes(5);

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean needsRenewal(Instant now) {
        return needsRenewal(now, RENEW_MARGIN);
    }

    public boolean needsRenewal(Instant now, Duration margin) {
        return !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[value=***, expiresAt=" + expiresAt + "]";
    }
}
