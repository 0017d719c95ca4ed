package io.cadencia.control;

import java.util.Map;
import java.util.Optional;

/** An operator's request to the control function: {@code {"action": "...", ...fields}}. */
public record ControlRequest(String action, Map<String, Object> fields) {

    public Optional<String> text(String field) {
        Object value = fields.get(field);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    public String require(String field) {
        return text(field).orElseThrow(() -> new IllegalArgumentException("action '" + action + "' requires field '" + field + "'"));
    }
}
