package io.cadencia.app;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The container's identity: the owner it writes into tick claims and HubSoft leases (a lease is released only by
 * the owner that took it). Containers restored from one SnapStart snapshot start with the same value, so each
 * draws a new one after its restore ({@link #renew()}); components read it at each use, never keep a copy.
 */
public final class InstanceId implements Supplier<String> {

    private final String prefix;
    private volatile String value;

    private InstanceId(String prefix, String value) {
        this.prefix = prefix;
        this.value = value;
    }

    /** {@code prefix} followed by a random UUID. */
    public static InstanceId random(String prefix) {
        return new InstanceId(prefix, prefix + UUID.randomUUID());
    }

    /** {@code value} until renewed, then {@code value-<UUID>}. */
    public static InstanceId of(String value) {
        return new InstanceId(value + "-", value);
    }

    /** A new value, from a random UUID drawn now (SecureRandom: fresh after a restore). */
    public void renew() {
        value = prefix + UUID.randomUUID();
    }

    @Override
    public String get() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
