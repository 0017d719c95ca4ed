package io.cadencia.billing;

import java.util.Objects;

/** A validation failure on one input field; {@code message} always quotes the offending value. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** Renders as {@code field: message}, the form shown to API clients. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
