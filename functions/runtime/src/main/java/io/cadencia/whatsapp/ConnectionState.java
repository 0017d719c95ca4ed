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

    record Open() implements ConnectionState {
    }

    record Connecting() implements ConnectionState {
    }

    record Close() implements ConnectionState {
    }

    /** The gateway did not answer with a state: down, timeout, bad apikey, unknown instance, unexpected body. */
    record Unreachable(String reason) implements ConnectionState {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
