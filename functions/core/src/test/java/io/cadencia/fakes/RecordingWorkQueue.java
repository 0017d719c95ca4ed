package io.cadencia.fakes;

import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.WorkMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every message sent, in order, and can be taken down to fail every send.
 *
 * <p>Not modelled: FIFO groups, deduplication (a copy sent again is kept again: tests see what the dispatcher
 * sent, not what SQS would deliver) and partial batch failures. Thread-safe.
 */
public final class RecordingWorkQueue implements DispatchPorts.WorkQueue {

    private final List<WorkMessage> sent = new ArrayList<>();
    private boolean down;

    @Override
    public synchronized int send(String category, List<WorkMessage> messages) {
        if (down) {
            throw new IllegalStateException("work queue unavailable");
        }
        sent.addAll(messages);
        return messages.size();
    }

    /** While down, every send throws and keeps nothing. */
    public synchronized void down(boolean down) {
        this.down = down;
    }

    public synchronized List<WorkMessage> sent() {
        return List.copyOf(sent);
    }
}
