package io.cadencia.apikey;

import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyVerifierTest {

    static final Instant NOW = Instant.parse("2026-11-24T13:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneId.of("America/Sao_Paulo"));
    static final TenantId ACME = TenantId.of("acme_fibra-01");

    /** The port's contract kept in memory: the store under test elsewhere is DynamoDB Local. */
    static final class MemoryStore implements ApiKeyStore {
        final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
        int touches;

        @Override
        public synchronized boolean create(ApiKeyFormat.Issued key, Instant now, int maxActive) {
            if (list(key.tenant()).stream().filter(StoredKey::active).count() >= maxActive) {
                return false;
            }
            keys.put(key.tenant() + "/" + key.keyId(), new StoredKey(key.tenant(), key.keyId(), key.prefix(), key.hash(), now,
                    Optional.empty(), Optional.empty()));
            return true;
        }

        @Override
        public synchronized boolean revoke(TenantId tenant, String keyId, Instant now) {
            StoredKey k = keys.get(tenant + "/" + keyId);
            if (k == null || !k.active()) {
                return false;
            }
            keys.put(tenant + "/" + keyId, new StoredKey(tenant, keyId, k.prefix(), k.hash(), k.createdAt(), k.lastUsedAt(), Optional.of(now)));
            return true;
        }

        @Override
        public Optional<StoredKey> find(TenantId tenant, String keyId) {
            return Optional.ofNullable(keys.get(tenant + "/" + keyId));
        }

        @Override
        public List<StoredKey> list(TenantId tenant) {
            return new ArrayList<>(new TreeMap<>(keys).values().stream().filter(k -> k.tenant().equals(tenant)).toList());
        }

        @Override
        public synchronized void touch(TenantId tenant, String keyId, Instant now) {
            touches++;
            StoredKey k = keys.get(tenant + "/" + keyId);
            keys.put(tenant + "/" + keyId, new StoredKey(tenant, keyId, k.prefix(), k.hash(), k.createdAt(), Optional.of(now), k.revokedAt()));
        }
    }

    final MemoryStore store = new MemoryStore();
    final ApiKeys keys = new ApiKeys(store, CLOCK, new SecureRandom());

    @Test
    void aKeyHasAReadablePrefixAnd256RandomBitsAndParsesBackEvenWithUnderscoresInTheTenant() {
        ApiKeyFormat.Issued key = keys.create(ACME);
        assertThat(key.prefix()).matches("cad_live_acme_fibra-01_[0-9a-f]{16}");
        assertThat(key.key()).startsWith(key.prefix() + "_").hasSize(key.prefix().length() + 1 + 43);
        assertThat(key.hash()).hasSize(32).isEqualTo(ApiKeyFormat.hash(key.key()));
        assertThat(key.toString()).isEqualTo(key.prefix());
        ApiKeyFormat.Presented parsed = ApiKeyFormat.parse(key.key()).orElseThrow();
        assertThat(parsed.tenant()).isEqualTo(ACME);
        assertThat(parsed.keyId()).isEqualTo(key.keyId());
        assertThat(ApiKeyFormat.parse(key.key() + "x")).isEmpty();
        assertThat(ApiKeyFormat.parse("cad_live__0123456789abcdef_" + "a".repeat(43))).isEmpty();
        assertThat(store.keys.values()).allSatisfy(stored -> assertThat(new String(stored.hash())).doesNotContain(key.key().substring(40)));
    }

    @Test
    void everyCheckOfAFoundKeyComparesTwoSha256DigestsThroughMessageDigestIsEqual() {
        List<int[]> compared = new ArrayList<>();
        BiPredicate<byte[], byte[]> recording = (stored, presented) -> {
            compared.add(new int[]{stored.length, presented.length});
            return ApiKeyVerifier.constantTime(stored, presented);
        };
        ApiKeyVerifier verifier = new ApiKeyVerifier(store, CLOCK, recording);
        ApiKeyFormat.Issued key = keys.create(ACME);
        String samePrefixWrongSecret = key.prefix() + "_" + "A".repeat(43);

        assertThat(verifier.verify(key.key())).isInstanceOf(ApiKeyVerifier.Verdict.Accepted.class);
        ApiKeyVerifier.Verdict wrong = verifier.verify(samePrefixWrongSecret);
        assertThat(wrong).isInstanceOf(ApiKeyVerifier.Verdict.Refused.class);
        assertThat(((ApiKeyVerifier.Verdict.Refused) wrong).known()).isPresent();
        assertThat(compared).hasSize(2).allSatisfy(lengths -> assertThat(lengths).containsExactly(32, 32));
    }

    @Test
    void theComparatorIsMessageDigestIsEqualOnEqualLengthDigests() {
        byte[] a = ApiKeyFormat.hash("one");
        byte[] b = a.clone();
        byte[] lastByteDiffers = a.clone();
        lastByteDiffers[31] ^= 1;
        assertThat(ApiKeyVerifier.constantTime(a, b)).isTrue();
        assertThat(ApiKeyVerifier.constantTime(a, lastByteDiffers)).isFalse();
        assertThat(ApiKeyVerifier.constantTime(a, ApiKeyFormat.hash("two"))).isFalse();
    }

    @Test
    void revokedUnknownAndMalformedKeysAreRefusedAndOnlyAcceptedOnesAreTouchedAtMostOnceAMinute() {
        ApiKeyVerifier verifier = new ApiKeyVerifier(store, CLOCK);
        ApiKeyFormat.Issued key = keys.create(ACME);
        assertThat(verifier.verify(key.key())).isInstanceOf(ApiKeyVerifier.Verdict.Accepted.class);
        assertThat(verifier.verify(key.key())).isInstanceOf(ApiKeyVerifier.Verdict.Accepted.class);
        assertThat(store.touches).isEqualTo(1);

        keys.revoke(ACME, key.prefix());
        ApiKeyVerifier.Verdict revoked = verifier.verify(key.key());
        assertThat(revoked).isInstanceOf(ApiKeyVerifier.Verdict.Refused.class);
        assertThat(((ApiKeyVerifier.Verdict.Refused) revoked).presented().orElseThrow().prefix()).isEqualTo(key.prefix());
        assertThat(verifier.verify(null)).isEqualTo(new ApiKeyVerifier.Verdict.Refused(Optional.empty(), Optional.empty()));
        assertThat(((ApiKeyVerifier.Verdict.Refused) verifier.verify(ApiKeyFormat.prefix(ACME, "0123456789abcdef") + "_" + "b".repeat(43)))
                .known()).isEmpty();
        assertThat(store.touches).isEqualTo(1);
    }

    @Test
    void aThirdActiveKeyIsRefusedNamingTheLimitAndRevokingAPastedWholeKeyNeverEchoesItsSecret() {
        ApiKeyFormat.Issued first = keys.create(ACME);
        keys.create(ACME);
        assertThatThrownBy(() -> keys.create(ACME)).hasMessage("tenant 'acme_fibra-01' already has 2 active API keys, the limit; "
                + "revoke one with action 'api-key-revoke' before creating another");
        assertThat(keys.revoke(ACME, first.key()).active()).isFalse();
        assertThatThrownBy(() -> keys.revoke(ACME, first.key())).hasMessage("field 'key': API key '" + first.prefix() + "' is already revoked");
        String unknown = ApiKeyFormat.prefix(ACME, "ffffffffffffffff") + "_" + "s".repeat(43);
        assertThatThrownBy(() -> keys.revoke(ACME, unknown)).hasMessageNotContaining("sss")
                .hasMessage("field 'key': '" + ApiKeyFormat.prefix(ACME, "ffffffffffffffff") + "' is not an API key of tenant 'acme_fibra-01'");
        assertThat(keys.create(ACME).prefix()).startsWith("cad_live_acme_fibra-01_");
    }
}
