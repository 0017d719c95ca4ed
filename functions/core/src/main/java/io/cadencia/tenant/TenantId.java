package io.cadencia.tenant;

import java.util.regex.Pattern;

/**
 * A tenant's id, checked where it enters (work messages, control requests, ingest, the tenant directory). It starts
 * every key holding the tenant's data, so it cannot contain the key separator {@code #} or whitespace, nor start
 * with {@code _}, which marks the system rows ({@code _global}, {@code _control}, {@code _dispatch#…}).
 */
public record TenantId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public TenantId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("tenantId '" + value + "' is invalid: 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
