package io.cadencia.work;

import io.cadencia.dispatch.WorkMessage;

import java.util.Objects;

/**
 * One queue message as a worker batch receives it, already parsed.
 *
 * <p>{@code id} identifies the message within its queue; {@code group} is its FIFO group (messages of one group run
 * in order, groups run independently); {@code receiveCount} is how many times the queue has handed it out, this
 * time included (at least 1).
 */
public sealed interface Delivery {

    String id();

    String group();

    int receiveCount();

    /** A message whose body is a valid work message. */
    record Parsed(String id, String group, int receiveCount, WorkMessage work) implements Delivery {
        public Parsed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(work, "work");
        }
    }

    /** A message that can never be run: {@code reason} names the field and the value found. */
    record Malformed(String id, String group, int receiveCount, String reason) implements Delivery {
        public Malformed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
