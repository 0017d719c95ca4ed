package io.cadencia.hubsoft;

/** Anything that went wrong talking to HubSoft. Messages never contain credentials or tokens. */
public class HubSoftException extends RuntimeException {

    public HubSoftException(String message) {
        super(message);
    }

    public HubSoftException(String message, Throwable cause) {
        super(message, cause);
    }
}
