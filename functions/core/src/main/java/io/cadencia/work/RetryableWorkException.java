package io.cadencia.work;

/**
 * A run that did not complete and should be redelivered (its message group is reported as failed).
 * {@code attempts} is how many times this run has been tried, this time included; 0 when not counted.
 */
public class RetryableWorkException extends RuntimeException {

    private final int attempts;

    public RetryableWorkException(String message) {
        this(message, 0, null);
    }

    public RetryableWorkException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public RetryableWorkException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
