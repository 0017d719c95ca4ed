package io.cadencia.tenant.keys;

/**
 * A tenant key as stored: AES-256-GCM ciphertext (tag included) under a data key, the 96-bit nonce, and the data
 * key wrapped by the key service. Nothing here is secret without the key service.
 */
public record SealedKey(byte[] wrappedDataKey, byte[] nonce, byte[] ciphertext) {

    @Override
    public String toString() {
        return "SealedKey[" + ciphertext.length + " bytes]";
    }
}
