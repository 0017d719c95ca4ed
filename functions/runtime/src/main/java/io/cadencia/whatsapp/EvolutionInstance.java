package io.cadencia.whatsapp;

import java.util.Objects;

/**
 * One tenant's Evolution API v2 instance. {@code apiKey} is either the instance token or the
 * server's global key; it is redacted from {@link #toString()} so that logging an instance, or a
 * failure that mentions one, never leaks it.
 */
public record EvolutionInstance(String baseUrl, String instanceName, String apiKey) {

    public EvolutionInstance {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(apiKey, "apiKey");
        if (instanceName.isBlank()) {
            throw new IllegalArgumentException("instanceName is blank");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Identity for per-instance state (breaker, send lane); excludes the key so a rotated key keeps its state. */
    public String key() {
        return baseUrl + "#" + instanceName;
    }

    @Override
    public String toString() {
        return "EvolutionInstance[baseUrl=" + baseUrl + ", instanceName=" + instanceName + ", apiKey=***]";
    }
}
