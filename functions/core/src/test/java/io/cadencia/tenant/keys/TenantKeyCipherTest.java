package io.cadencia.tenant.keys;

import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantKeyCipherTest {

    /** Wraps a key as an opaque serial number; unwrapping an unknown one fails as the key service would. */
    static final class FakeDataKeys implements DataKeys {
        final Map<Long, byte[]> issued = new ConcurrentHashMap<>();
        int generated;

        @Override
        public synchronized DataKey current() {
            byte[] plain = new byte[32];
            new SecureRandom().nextBytes(plain);
            long serial = ++generated;
            issued.put(serial, plain);
            return new DataKey(plain, ByteBuffer.allocate(8).putLong(serial).array());
        }

        @Override
        public byte[] unwrap(byte[] wrapped) {
            byte[] plain = issued.get(ByteBuffer.wrap(wrapped).getLong());
            if (plain == null) {
                throw new IllegalStateException("unknown data key");
            }
            return plain;
        }
    }

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");
    private static final String VALUE = "s3cr3t-signing-key";

    private final FakeDataKeys keys = new FakeDataKeys();
    private final TenantKeyCipher cipher = new TenantKeyCipher(keys);

    @Test
    void aSealedValueOpensForItsTenantAndKind() {
        SealedKey sealed = cipher.seal(ACME, TenantKeyKind.ENDPOINT, VALUE);

        assertThat(new String(sealed.ciphertext())).doesNotContain(VALUE);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(cipher.open(ACME, TenantKeyKind.ENDPOINT, sealed)).isEqualTo(VALUE);
    }

    @Test
    void theSameValueSealsDifferentlyEachTime() {
        assertThat(cipher.seal(ACME, TenantKeyKind.ENDPOINT, VALUE).ciphertext())
                .isNotEqualTo(cipher.seal(ACME, TenantKeyKind.ENDPOINT, VALUE).ciphertext());
    }

    @Test
    void aValueMovedToAnotherTenantOrKindDoesNotOpenAndTheErrorNamesNeitherValueNorKey() {
        SealedKey sealed = cipher.seal(ACME, TenantKeyKind.EVOLUTION, VALUE);

        assertThatThrownBy(() -> cipher.open(OTHER, TenantKeyKind.EVOLUTION, sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evolution key of tenant other").hasMessageNotContaining(VALUE);
        assertThatThrownBy(() -> cipher.open(ACME, TenantKeyKind.HUBSOFT, sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hubsoft key of tenant acme");
    }

    @Test
    void aDamagedCiphertextDoesNotOpen() {
        SealedKey sealed = cipher.seal(ACME, TenantKeyKind.ENDPOINT, VALUE);
        sealed.ciphertext()[0] ^= 1;

        assertThatThrownBy(() -> cipher.open(ACME, TenantKeyKind.ENDPOINT, sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void aBlankValueIsRefusedNamingTenantAndKind() {
        assertThatThrownBy(() -> cipher.seal(ACME, TenantKeyKind.HUBSOFT, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the hubsoft key of tenant acme is blank");
    }

    @Test
    void kindsAreNamedByTheirWireNamesAndAnUnknownOneIsListed() {
        assertThat(TenantKeyKind.of("evolution")).isEqualTo(TenantKeyKind.EVOLUTION);
        assertThatThrownBy(() -> TenantKeyKind.of("ssh"))
                .hasMessage("unknown key kind 'ssh'; known: endpoint, evolution, hubsoft");
    }
}
