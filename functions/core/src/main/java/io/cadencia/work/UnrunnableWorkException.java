package io.cadencia.work;

/**
 * A work message that can never succeed, however often it is redelivered: its job is not in the catalogue, or its
 * category is not the job's. It goes to the dead-letter queue at once with this message as the reason, instead of
 * holding its tenant's message group for every retry. Anything else that fails a run is worth another delivery.
 */
public class UnrunnableWorkException extends IllegalArgumentException {

    public UnrunnableWorkException(String message) {
        super(message);
    }

    public UnrunnableWorkException(String message, Throwable cause) {
        super(message, cause);
    }
}
