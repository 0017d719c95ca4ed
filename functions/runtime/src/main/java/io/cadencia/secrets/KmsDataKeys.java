package io.cadencia.secrets;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cadencia.tenant.keys.DataKeys;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Data keys from AWS KMS, kept in plain in this container's memory for a while so that reading tenant keys costs
 * one {@code Decrypt} per data key per TTL, not one per run, and saving them one {@code GenerateDataKey} per TTL.
 *
 * <p>A writer seals every value of a TTL window (a migration of every tenant, say) under one data key, so readers
 * unwrap few distinct keys. What that trades: a leaked plain data key opens every value sealed under it; but a plain
 * data key exists only in the memory of functions allowed {@code kms:Decrypt}, which could unwrap them all anyway.
 * Every call names the purpose in its encryption context, so a data key of this stack cannot be unwrapped under
 * another purpose (and CloudTrail shows what each call was for).
 */
public final class KmsDataKeys implements DataKeys {

    static final Map<String, String> CONTEXT = Map.of("purpose", "cadencia/tenant-keys");
    /** Far below the 2^32 random nonces NIST allows per AES-GCM key. */
    private static final int MAX_USES = 1 << 20;

    private final KmsClient kms;
    private final Optional<String> keyId;
    private final Duration ttl;
    private final Ticker ticker;
    private final Cache<String, byte[]> unwrapped;
    private DataKey current;
    private long currentSince;
    private int uses;

    /**
     * @param keyId the KMS key that wraps new data keys; empty in functions that only read tenant keys
     */
    public KmsDataKeys(KmsClient kms, Optional<String> keyId, Duration ttl, Ticker ticker) {
        this.kms = kms;
        this.keyId = keyId;
        this.ttl = ttl;
        this.ticker = ticker;
        this.unwrapped = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).ticker(ticker).build();
    }

    @Override
    public synchronized DataKey current() {
        if (current == null || uses >= MAX_USES || ticker.read() - currentSince >= ttl.toNanos()) {
            String key = keyId.orElseThrow(() -> new IllegalStateException(
                    "environment variable TENANT_KEYS_KMS_KEY is not set: this function cannot save tenant keys"));
            GenerateDataKeyResponse generated = kms.generateDataKey(b -> b.keyId(key).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT));
            current = new DataKey(generated.plaintext().asByteArray(), generated.ciphertextBlob().asByteArray());
            currentSince = ticker.read();
            uses = 0;
            unwrapped.put(Base64.getEncoder().encodeToString(current.wrapped()), current.plain());
        }
        uses++;
        return current;
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        return unwrapped.get(Base64.getEncoder().encodeToString(wrapped), k -> {
            try {
                return kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(wrapped)).encryptionContext(CONTEXT))
                        .plaintext().asByteArray();
            } catch (InvalidCiphertextException | IncorrectKeyException e) {
                throw new IllegalStateException("KMS refused a stored data key (" + e.awsErrorDetails().errorCode()
                        + "): it belongs to another key or purpose, or is damaged", e);
            }
        });
    }
}
