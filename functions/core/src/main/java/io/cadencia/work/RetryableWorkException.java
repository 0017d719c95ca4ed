package io.cadencia.work;

/** A run that did not complete and should be redelivered (its message group is reported as failed). */
public class RetryableWorkException extends RuntimeException {
    public RetryableWorkException(String message) {
        super(message);
    }

    public RetryableWorkException(String message, Throwable cause) {
        super(message, cause);
    }
}
