package io.cadencia.whatsapp;

import java.util.Objects;

/** WhatsApp session state of an instance, or why it could not be read. */
public sealed interface ConnectionState {

    ConnectionState OPEN = new Open();
    ConnectionState CONNECTING = new Connecting();
    ConnectionState CLOSE = new Close();

    default boolean isOpen() {
        return this instanceof Open;
    }

    /** The state as logs and health records show it: open, connecting, close, or why it could not be read. */
    default String describe() {
        return switch (this) {
            case Unreachable u -> "unreachable (" + u.reason() + ")";
            case Rejected r -> "rejected (" + r.reason() + ")";
            case Open _ -> "open";
            case Connecting _ -> "connecting";
            case Close _ -> "close";
        };
    }

    record Open() implements ConnectionState {
    }

    record Connecting() implements ConnectionState {
    }

    record Close() implements ConnectionState {
    }

    /**
     * The gateway refused us: apikey rejected (401/403) or no such instance (404). A configuration error on the
     * tenant's side that no retry fixes, unlike {@link Unreachable}.
     */
    record Rejected(String reason) implements ConnectionState {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The gateway did not answer with a state: down, timeout, unexpected body. */
    record Unreachable(String reason) implements ConnectionState {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
