package io.cadencia.tenant;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A customer business (an ISP) whose work runs isolated from every other tenant's.
 *
 * @param endpointBaseUrl base URL of the tenant's own HTTP app, for catalogue jobs without built-in logic
 * @param settings        the tenant's own setting values; absent keys fall back to global values, then defaults
 */
public record Tenant(String id, String name, boolean active, String endpointBaseUrl, Map<String, String> settings) {

    // Ids start every tenant key, so they must not contain the key separator or whitespace.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public Tenant {
        requireValidId(id);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("tenantId '" + id + "' is invalid: 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        return id;
    }
}
