package io.cadencia.billing;

import java.util.List;
import java.util.Objects;

/** Either a valid value or the field errors that prevented it; validators return this instead of throwing. */
public sealed interface Result<T> {

    T value();

    List<FieldError> errors();

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The first error, for callers that report one problem per item. */
    default FieldError error() {
        if (errors().isEmpty()) {
            throw new IllegalStateException("result is valid: " + value());
        }
        return errors().get(0);
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> error(String field, String message) {
        return new Err<>(List.of(new FieldError(field, message)));
    }

    static <T> Result<T> errors(List<FieldError> errors) {
        return new Err<>(errors);
    }

    record Ok<T>(T value) implements Result<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public List<FieldError> errors() {
            return List.of();
        }
    }

    record Err<T>(List<FieldError> errors) implements Result<T> {
        public Err {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an error result needs at least one error");
            }
        }

        @Override
        public T value() {
            throw new IllegalStateException("invalid: " + errors);
        }
    }
}
