package io.cadencia.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a function reads from its environment. The template's Globals set these; the local runner resolves the
 * same variables from template.yaml against its embedded stack, so both run with identical configuration.
 */
public record RuntimeConfig(Map<String, String> env) {

    public RuntimeConfig {
        env = Map.copyOf(env);
    }

    public static RuntimeConfig fromSystem() {
        return new RuntimeConfig(System.getenv());
    }

    public String require(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    public String tenantsTable() {
        return require("TENANTS_TABLE");
    }

    public String workTable() {
        return require("WORK_TABLE");
    }

    public String runsTable() {
        return require("RUNS_TABLE");
    }

    public String sharedTable() {
        return require("SHARED_TABLE");
    }

    public String queueUrl(String category) {
        return require("QUEUE_URL_" + category.toUpperCase(java.util.Locale.ROOT));
    }

    public String deadLetterUrl(String category) {
        return require("DLQ_URL_" + category.toUpperCase(java.util.Locale.ROOT));
    }

    /** An ISO-8601 duration, or {@code fallback} when unset; a malformed value is an error naming the variable. */
    public Duration duration(String name, Duration fallback) {
        Optional<String> raw = optional(name);
        try {
            return raw.map(Duration::parse).orElse(fallback);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("environment variable " + name + " value '" + raw.get()
                    + "' is not an ISO-8601 duration such as PT30S", e);
        }
    }

    /** A whole number, or {@code fallback} when unset; anything else is an error naming the variable. */
    public int integer(String name, int fallback) {
        Optional<String> raw = optional(name);
        try {
            return raw.map(String::strip).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " value '" + raw.get() + "' is not a whole number", e);
        }
    }
}
