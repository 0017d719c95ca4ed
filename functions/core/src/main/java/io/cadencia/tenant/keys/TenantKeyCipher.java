package io.cadencia.tenant.keys;

import io.cadencia.tenant.TenantId;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Envelope encryption of tenants' static keys: each value is sealed with AES-256-GCM under a data key from
 * {@link DataKeys}, with the tenant id and the key kind as associated data. A sealed value copied to another tenant
 * or kind (a wrong row, a bad restore) fails to open instead of handing one tenant another's key.
 *
 * <p>A random 96-bit nonce per value: safe for far more than 2^20 values under one data key, which is all the
 * writers ever seal before taking a fresh one.
 */
public final class TenantKeyCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;
    /** Bumped if the associated data ever changes, so old values cannot be mistaken for new ones. */
    private static final String CONTEXT_VERSION = "cadencia/tenant-key/v1";

    private final DataKeys dataKeys;
    private final SecureRandom random = new SecureRandom();

    public TenantKeyCipher(DataKeys dataKeys) {
        this.dataKeys = dataKeys;
    }

    public SealedKey seal(TenantId tenant, TenantKeyKind kind, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + kind.wireName() + " key of tenant " + tenant + " is blank");
        }
        DataKeys.DataKey key = dataKeys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key.plain(), nonce, tenant, kind);
            return new SealedKey(key.wrapped(), nonce, cipher.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the " + kind.wireName() + " key of tenant " + tenant + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The value; an {@link IllegalStateException} naming tenant and kind (never the value) if it does not open. */
    public String open(TenantId tenant, TenantKeyKind kind, SealedKey sealed) {
        byte[] plainKey = dataKeys.unwrap(sealed.wrappedDataKey());
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, plainKey, sealed.nonce(), tenant, kind);
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the stored " + kind.wireName() + " key of tenant " + tenant
                    + " does not open: it was sealed for another tenant or kind, or is damaged", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the " + kind.wireName() + " key of tenant " + tenant + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, TenantId tenant, TenantKeyKind kind) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData(tenant, kind));
        return cipher;
    }

    /** Tenant ids hold no '|' ({@link TenantId}), so the fields cannot run into each other. */
    static byte[] associatedData(TenantId tenant, TenantKeyKind kind) {
        return (CONTEXT_VERSION + "|" + tenant.value() + "|" + kind.wireName()).getBytes(StandardCharsets.UTF_8);
    }
}
