package io.cadencia.tenant;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's effective configuration: each key resolves tenant value, then global value, then the built-in
 * default (seed 000: {@code horario_envio} is the tenant's, else the global one, else 09:00).
 */
public final class Settings {

    /** Preferred time of day for sending reminders. */
    public static final String SEND_TIME = "horario_envio";
    public static final String CHECK_TIME = "horario_verificacao";
    public static final String CLEANUP_TIME = "horario_limpeza";

    private static final Map<String, String> DEFAULTS = Map.of(
            SEND_TIME, "09:00",
            CHECK_TIME, "09:00",
            CLEANUP_TIME, "02:00");

    private final Map<String, String> tenant;
    private final Map<String, String> global;
    private final Map<String, String> defaults;

    public Settings(Map<String, String> tenant, Map<String, String> global) {
        this(tenant, global, DEFAULTS);
    }

    public Settings(Map<String, String> tenant, Map<String, String> global, Map<String, String> defaults) {
        this.tenant = Map.copyOf(tenant);
        this.global = Map.copyOf(global);
        this.defaults = Map.copyOf(defaults);
    }

    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    public Optional<String> find(String key) {
        String value = tenant.get(key);
        if (value == null || value.isBlank()) {
            value = global.get(key);
        }
        if (value == null || value.isBlank()) {
            value = defaults.get(key);
        }
        return Optional.ofNullable(value);
    }

    /** Where the effective value came from, for status output and logs. */
    public String sourceOf(String key) {
        if (present(tenant, key)) {
            return "tenant";
        }
        if (present(global, key)) {
            return "global";
        }
        return defaults.containsKey(key) ? "default" : "unset";
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("setting '" + key + "' has no tenant, global or default value"));
    }

    public LocalTime time(String key) {
        String value = get(key);
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("setting '" + key + "' value '" + value + "' (" + sourceOf(key) + ") is not a time HH:mm", e);
        }
    }

    public int integer(String key, int fallback) {
        String value = find(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' value '" + value + "' (" + sourceOf(key) + ") is not an integer", e);
        }
    }

    private static boolean present(Map<String, String> map, String key) {
        String value = map.get(key);
        return value != null && !value.isBlank();
    }
}
