package io.cadencia.hubsoft;

import java.util.List;

/**
 * HubSoft refused the request: it answers HTTP 200 with {@code "status":"error"}, a message and field errors.
 * Retrying the same request cannot succeed.
 */
public final class HubSoftBusinessError extends HubSoftException {

    private final String msg;
    private final List<String> errors;

    public HubSoftBusinessError(String operation, String msg, List<String> errors) {
        super(operation + " refused by HubSoft: " + msg + (errors.isEmpty() ? "" : " " + errors));
        this.msg = msg;
        this.errors = List.copyOf(errors);
    }

    public String msg() {
        return msg;
    }

    public List<String> errors() {
        return errors;
    }
}
