package io.cadencia.hubsoft;

/** HubSoft refused the credentials, or a freshly renewed token: the tenant's configuration needs a person. */
public final class HubSoftAuthException extends HubSoftException {

    public HubSoftAuthException(String message) {
        super(message);
    }
}
