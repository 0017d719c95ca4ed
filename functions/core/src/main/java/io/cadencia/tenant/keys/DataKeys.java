package io.cadencia.tenant.keys;

/**
 * Where data keys come from: AWS KMS in Lambda (a customer-managed key wraps them), a fake in tests. Thread-safe.
 * A failed call to the key service throws any {@link RuntimeException}; a wrapped key the service refuses (another
 * key's, or damaged) throws {@link IllegalStateException}.
 */
public interface DataKeys {

    /** A 256-bit key for sealing values, in plain and wrapped form. Implementations may hand out one key many times. */
    DataKey current();

    /** The plain key a wrapped one stands for. */
    byte[] unwrap(byte[] wrapped);

    /** A plain AES-256 key and the same key wrapped by the key service; only the wrapped form is ever stored. */
    record DataKey(byte[] plain, byte[] wrapped) {
        public DataKey {
            if (plain.length != 32) {
                throw new IllegalArgumentException("a data key has 32 bytes, not " + plain.length);
            }
        }

        @Override
        public String toString() {
            return "DataKey[plain=(hidden), wrapped=" + wrapped.length + " bytes]";
        }
    }
}
