package io.cadencia.tenant;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A tenant's effective configuration: each key resolves tenant value, then global value, then the built-in
 * default (seed 000: {@code horario_envio} is the tenant's, else the global one, else 09:00). A stored value that
 * fails its {@link KnownSettings} check is skipped as if unset and listed by {@link #problems()}: values are
 * validated when saved, so only rows written around the control function can hold one, and they must not stop
 * an ingest or a reminder run.
 */
public final class Settings {

    public static final String SEND_TIME = KnownSettings.SEND_TIME;
    public static final String CHECK_TIME = KnownSettings.CHECK_TIME;
    public static final String CLEANUP_TIME = KnownSettings.CLEANUP_TIME;

    private final Map<String, String> tenant;
    private final Map<String, String> global;
    private final Map<String, String> defaults;

    public Settings(Map<String, String> tenant, Map<String, String> global) {
        this(tenant, global, KnownSettings.defaults());
    }

    public Settings(Map<String, String> tenant, Map<String, String> global, Map<String, String> defaults) {
        this.tenant = Map.copyOf(tenant);
        this.global = Map.copyOf(global);
        this.defaults = Map.copyOf(defaults);
    }

    public static Map<String, String> defaults() {
        return KnownSettings.defaults();
    }

    public Optional<String> find(String key) {
        if (usable(tenant, key)) {
            return Optional.of(tenant.get(key).strip());
        }
        if (usable(global, key)) {
            return Optional.of(global.get(key).strip());
        }
        return Optional.ofNullable(defaults.get(key));
    }

    /** Where the effective value came from, for status output and logs. */
    public String sourceOf(String key) {
        if (usable(tenant, key)) {
            return "tenant";
        }
        if (usable(global, key)) {
            return "global";
        }
        return defaults.containsKey(key) ? "default" : "unset";
    }

    /** Stored values that are skipped, by key in key order, each naming key, value, where it is stored and why. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>(tenant.keySet());
        keys.addAll(global.keySet());
        for (String key : keys) {
            List<String> found = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> level : List.of(Map.entry("tenant", tenant), Map.entry("global", global))) {
                String value = level.getValue().get(key);
                if (value == null || value.isBlank()) {
                    continue;
                }
                Optional<SettingKey> known = KnownSettings.find(key);
                if (known.isEmpty()) {
                    found.add(level.getKey() + " setting '" + key + "' is not a known setting and is ignored");
                } else {
                    known.get().problem(value).ifPresent(p -> found.add(level.getKey() + " setting '" + key + "' value '"
                            + value + "' " + p + " and is ignored; expected " + known.get().accepts()));
                }
            }
            if (!found.isEmpty()) {
                problems.put(key, String.join("; ", found));
            }
        }
        return problems;
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

    /** Set, and valid when the key is known; an unknown key's value is kept as stored (nothing reads it). */
    private static boolean usable(Map<String, String> level, String key) {
        String value = level.get(key);
        if (value == null || value.isBlank()) {
            return false;
        }
        return KnownSettings.find(key).map(k -> k.problem(value).isEmpty()).orElse(true);
    }
}
