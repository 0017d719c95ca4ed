package io.cadencia.tenant;

import java.util.Optional;
import java.util.function.Function;

/**
 * One setting the system reads: its key, the values it takes (shown in errors and in README's table), its built-in
 * default when it has one, and the check a value must pass before it is saved or used.
 *
 * @param check the problem with a value in plain words, or empty when the value is valid
 */
public record SettingKey(String key, String accepts, Optional<String> defaultValue, Function<String, Optional<String>> check) {

    public Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("is empty");
        }
        return check.apply(value.strip());
    }
}
