package io.cadencia.whatsapp;

import java.util.Objects;

/** What the gateway's own message store says about a send whose outcome we did not learn. */
public sealed interface SentLookup {

    /** The gateway holds an outgoing message with that text to that number in the window: it went out. */
    record Found(String providerMessageId) implements SentLookup {
        public Found {
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /** The gateway answered and holds no such message: it was never sent. */
    record NotFound() implements SentLookup {
    }

    /** The gateway could not answer; ask again later. */
    record Unavailable(String reason) implements SentLookup {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
