package io.cadencia.hubsoft;

/** HubSoft could not answer: offline, 5xx or 429 after the retries, or the rate limit wait was too long. */
public final class HubSoftUnavailableException extends HubSoftException {

    public HubSoftUnavailableException(String message) {
        super(message);
    }

    public HubSoftUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
