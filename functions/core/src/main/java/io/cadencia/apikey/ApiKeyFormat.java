package io.cadencia.apikey;

import io.cadencia.tenant.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's API key: {@code cad_live_<tenantId>_<keyId>_<secret>}, where the part before the secret is the
 * readable prefix (it names the tenant and the key, and is safe to show and log), {@code keyId} is 16 hex digits
 * and the secret 32 random bytes in base64url (43 characters). The key is read from its end, so a tenant id that
 * contains '_' parses unambiguously.
 *
 * <p>Only the SHA-256 of the whole key is stored. A slow hash (bcrypt, Argon2) exists to make guessing a
 * low-entropy password expensive; a 256-bit random secret cannot be guessed at any hash speed (2^255 tries on
 * average), so a fast hash loses nothing and keeps the check to microseconds on every call.
 */
public final class ApiKeyFormat {

    public static final String SCHEME = "cad_live_";
    static final int SECRET_BYTES = 32;
    private static final int KEY_ID_BYTES = 8;
    private static final Pattern KEY = Pattern.compile(
            Pattern.quote(SCHEME) + "([A-Za-z0-9][A-Za-z0-9_-]{0,63})_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");

    private ApiKeyFormat() {
    }

    /** A key as presented by a caller, split into its parts; nothing about it is verified yet. */
    public record Presented(TenantId tenant, String keyId, String prefix, String key) {
        @Override
        public String toString() {
            return prefix;
        }
    }

    /** A key just made: {@code key} is shown once and never stored. */
    public record Issued(TenantId tenant, String keyId, String prefix, String key, byte[] hash) {
        @Override
        public String toString() {
            return prefix;
        }
    }

    public static Issued issue(TenantId tenant, SecureRandom random) {
        byte[] id = new byte[KEY_ID_BYTES];
        random.nextBytes(id);
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String prefix = prefix(tenant, keyId);
        String key = prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(tenant, keyId, prefix, key, hash(key));
    }

    public static String prefix(TenantId tenant, String keyId) {
        return SCHEME + tenant.value() + "_" + keyId;
    }

    /** The key's parts, or empty when it does not have this format (the caller refuses it without saying why). */
    public static Optional<Presented> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        TenantId tenant = TenantId.of(m.group(1));
        return Optional.of(new Presented(tenant, m.group(2), prefix(tenant, m.group(2)), key));
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
