package io.cadencia.fakes;

import io.cadencia.work.Delivery;
import io.cadencia.work.Redelivery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps each dead-lettered message's reason and each handed-back message's delay, by message id; its dead-letter
 * queue can be taken down to fail every move.
 *
 * <p>Not modelled: the queues themselves (nothing is redelivered) and the category each call names. Thread-safe:
 * a batch's group threads call it at once.
 */
public final class RecordingRedelivery implements Redelivery {

    private final Map<String, String> deadLettered = new LinkedHashMap<>();
    private final Map<String, Duration> delayed = new LinkedHashMap<>();
    private boolean deadLetterQueueDown;

    @Override
    public synchronized void deadLetter(Delivery delivery, String category, String reason) {
        if (deadLetterQueueDown) {
            throw new IllegalStateException("dead-letter queue unavailable");
        }
        deadLettered.put(delivery.id(), reason);
    }

    @Override
    public synchronized void delay(String category, Map<String, Duration> delays) {
        delayed.putAll(delays);
    }

    /** While down, every dead-letter move throws and keeps nothing. */
    public synchronized void deadLetterQueueDown(boolean down) {
        deadLetterQueueDown = down;
    }

    /** Reason by message id, in the order moved. */
    public synchronized Map<String, String> deadLettered() {
        return new LinkedHashMap<>(deadLettered);
    }

    /** The latest delay asked for each message id. */
    public synchronized Map<String, Duration> delayed() {
        return new LinkedHashMap<>(delayed);
    }
}
