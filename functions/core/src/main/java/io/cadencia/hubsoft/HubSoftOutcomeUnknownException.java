package io.cadencia.hubsoft;

/**
 * A call that creates something in HubSoft (a ticket) got no answer that says whether it happened: a timeout, a
 * broken connection after the request went out, or a 5xx. It is never retried blindly, because a retry could create
 * the thing twice; whoever asked decides (look it up, or let a person check).
 */
public final class HubSoftOutcomeUnknownException extends HubSoftException {

    public HubSoftOutcomeUnknownException(String message) {
        super(message);
    }
}
