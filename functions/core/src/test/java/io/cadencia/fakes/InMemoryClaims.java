package io.cadencia.fakes;

import io.cadencia.claim.Claim;
import io.cadencia.work.RunStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The conditional writes of the runtime's {@code DynamoClaims} on the runs table's claim specification, over a map:
 * an item is claimable when absent, {@code failed}, or {@code in_progress} with an expired lease; each claim adds
 * one to its version and attempts; only the lease owner at the claimed version may release it. The two in-memory
 * ledgers share it, as the two DynamoDB ledgers share {@code DynamoClaims}.
 *
 * <p>Thread-safe: every operation is atomic, as one conditional write is, so racing claimers get one winner.
 */
final class InMemoryClaims<K> {

    /** {@code lease} is present while the item is {@code in_progress}: who holds it, until when. */
    private record Item(String status, Optional<Claim.Held> lease, long version, int attempts) {
    }

    private final Map<K, Item> items = new LinkedHashMap<>();

    synchronized Claim claim(K key, String owner, Instant now, Duration lease) {
        Item item = items.get(key);
        if (item != null && item.lease().isPresent() && !item.lease().get().leaseUntil().isBefore(now)) {
            return item.lease().get();
        }
        if (item != null && item.lease().isEmpty() && !RunStatus.FAILED.is(item.status())) {
            return new Claim.Finished(item.status());
        }
        long version = item == null ? 1 : item.version() + 1;
        int attempts = item == null ? 1 : item.attempts() + 1;
        Claim.Held held = new Claim.Held(owner, now.plus(lease));
        items.put(key, new Item(RunStatus.IN_PROGRESS.wire(), Optional.of(held), version, attempts));
        return new Claim.Claimed(owner, held.leaseUntil(), version, attempts);
    }

    /** Sets {@code finalStatus} if {@code claim} still holds the item; false when its lease was lost. */
    synchronized boolean release(K key, Claim.Claimed claim, String finalStatus) {
        Item item = items.get(key);
        if (item == null || item.lease().filter(held -> held.owner().equals(claim.owner())).isEmpty()
                || item.version() != claim.version()) {
            return false;
        }
        items.put(key, new Item(finalStatus, Optional.empty(), item.version(), item.attempts()));
        return true;
    }

    /**
     * Writes an unclaimed item in {@code status} unless one that is not {@code failed} exists, as a conditional put
     * does: the put replaces the whole item, so its version and attempts start again.
     */
    synchronized boolean create(K key, String status) {
        Item item = items.get(key);
        if (item != null && !RunStatus.FAILED.is(item.status())) {
            return false;
        }
        items.put(key, new Item(status, Optional.empty(), 0, 0));
        return true;
    }

    /** Every item's status, in the order the items were first written. */
    synchronized Map<K, String> statuses() {
        Map<K, String> statuses = new LinkedHashMap<>();
        items.forEach((key, item) -> statuses.put(key, item.status()));
        return statuses;
    }
}
