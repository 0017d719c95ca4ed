package io.cadencia.alerts;

import java.util.Objects;

/** What one evaluation of an alert's condition found; {@code detail} says why, for logs and notices. */
public sealed interface Check {

    String detail();

    /** The condition holds: an incident opens unless one is open already. */
    record Firing(String detail) implements Check {
        public Firing {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The condition does not hold: an open incident resolves. */
    record Clear(String detail) implements Check {
        public Clear {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Nothing to judge by (no data yet, stale data): the incident keeps its state. */
    record Unknown(String detail) implements Check {
        public Unknown {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
