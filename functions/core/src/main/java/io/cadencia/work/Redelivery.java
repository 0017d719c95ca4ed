package io.cadencia.work;

import java.time.Duration;
import java.util.Map;

/**
 * What a worker batch asks of its queue beyond acknowledging: moving a message that can never succeed to the
 * dead-letter queue, and setting when handed-back messages come back. One instance serves one batch, called from
 * the batch's group threads at once, so implementations are thread-safe. No argument is ever null.
 */
public interface Redelivery {

    /**
     * Moves {@code delivery} to {@code category}'s dead-letter queue with {@code reason} (the operator reads it
     * there). Throws any {@link RuntimeException} when the move failed: the message is then handed back and
     * retried, and the queue's redrive policy still moves it after its receive limit.
     */
    void deadLetter(Delivery delivery, String category, String reason);

    /**
     * Keeps each handed-back message (by {@link Delivery#id()}, in batch order) invisible on {@code category}'s
     * queue for its delay. Best effort, never throws: a message whose delay could not be set comes back after the
     * queue's own visibility timeout, which is later, never sooner.
     */
    void delay(String category, Map<String, Duration> delays);
}
