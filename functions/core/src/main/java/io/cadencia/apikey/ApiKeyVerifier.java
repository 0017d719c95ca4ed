package io.cadencia.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Checks a presented API key: its format, its record (one strongly consistent read by tenant and key id) and its
 * hash, compared in constant time. Shared by every inbound HTTP call that authenticates a tenant (ingest, and the
 * Evolution webhook's per-tenant tokens).
 */
public final class ApiKeyVerifier {

    /** How stale a key's last-use time may be: at most one write a minute per key, however busy it is. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /**
     * The outcome. A refusal carries the presented prefix when the key had a readable one (the only thing of a
     * refused call that may be logged) and the key's record when one was found, so its tenant can count refusals.
     */
    public sealed interface Verdict {
        record Accepted(StoredKey key) implements Verdict {
        }

        record Refused(Optional<ApiKeyFormat.Presented> presented, Optional<StoredKey> known) implements Verdict {
        }
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final BiPredicate<byte[], byte[]> sameDigest;

    public ApiKeyVerifier(ApiKeyStore store, Clock clock) {
        this(store, clock, ApiKeyVerifier::constantTime);
    }

    /** @param sameDigest compares two SHA-256 digests; tests wrap {@link #constantTime} to see it used */
    ApiKeyVerifier(ApiKeyStore store, Clock clock, BiPredicate<byte[], byte[]> sameDigest) {
        this.store = store;
        this.clock = clock;
        this.sameDigest = sameDigest;
    }

    /**
     * Equal-length digests compared in time independent of where they differ (MessageDigest.isEqual), so response
     * times reveal nothing about how much of a guess was right.
     */
    static boolean constantTime(byte[] stored, byte[] presented) {
        return java.security.MessageDigest.isEqual(stored, presented);
    }

    public Verdict verify(String presentedKey) {
        Optional<ApiKeyFormat.Presented> presented = ApiKeyFormat.parse(presentedKey);
        if (presented.isEmpty()) {
            return new Verdict.Refused(Optional.empty(), Optional.empty());
        }
        ApiKeyFormat.Presented key = presented.get();
        Optional<StoredKey> stored = store.find(key.tenant(), key.keyId());
        if (stored.isEmpty()) {
            return new Verdict.Refused(presented, Optional.empty());
        }
        StoredKey found = stored.get();
        boolean matches = sameDigest.test(found.hash(), ApiKeyFormat.hash(key.key()));
        if (!matches || !found.active()) {
            return new Verdict.Refused(presented, stored);
        }
        Instant now = clock.instant();
        if (found.lastUsedAt().map(at -> at.plus(TOUCH_EVERY).isBefore(now)).orElse(true)) {
            store.touch(found.tenant(), found.keyId(), now);
        }
        return new Verdict.Accepted(found);
    }
}
