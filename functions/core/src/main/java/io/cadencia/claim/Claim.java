package io.cadencia.claim;

import java.time.Instant;

/** The outcome of trying to take an item for exclusive processing with a conditional write. */
public sealed interface Claim {

    /**
     * The caller holds the item until {@code leaseUntil}; {@code version} guards its later writes; {@code attempts}
     * counts the claims the item has had, this one included.
     */
    record Claimed(String owner, Instant leaseUntil, long version, int attempts) implements Claim {
        public Claimed(String owner, Instant leaseUntil, long version) {
            this(owner, leaseUntil, version, 1);
        }
    }

    /** The item already reached a final state; nothing is left to do. */
    record Finished(String status) implements Claim {
    }

    /** Another worker holds a live lease on the item. */
    record Held(String owner, Instant leaseUntil) implements Claim {
    }

    default boolean claimed() {
        return this instanceof Claimed;
    }
}
