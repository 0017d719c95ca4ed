package io.cadencia.control;

import io.cadencia.tenant.TenantId;

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

    /** The {@code tenant} field when given; an id no tenant can have is refused here, naming the field. */
    public Optional<TenantId> tenant() {
        return text("tenant").map(ControlRequest::tenantId);
    }

    public TenantId requireTenant() {
        return tenantId(require("tenant"));
    }

    private static TenantId tenantId(String value) {
        try {
            return TenantId.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'tenant': " + e.getMessage(), e);
        }
    }
}
