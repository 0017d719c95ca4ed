package io.cadencia.runs;

import io.cadencia.aws.Attr;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.dispatch.DispatchOutcome;
import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.Tick;
import io.cadencia.work.RunStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A tick's dispatch record in the runs table (keys: {@link RunsTable}) is the tick's claim: created once, and
 * claimable again only if its dispatch failed or its lease expired.
 */
public final class DynamoTickLedger implements DispatchPorts.TickLedger {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private final DynamoClaims claims;
    private final RunsTable table;
    private final Duration retention;
    private final Supplier<String> owner;

    /** @param owner the container's identity, read at each claim (it changes when a SnapStart snapshot is restored) */
    public DynamoTickLedger(DynamoClaims claims, String table, Duration retention, Supplier<String> owner) {
        this.claims = claims;
        this.table = new RunsTable(table);
        this.retention = retention;
        this.owner = owner;
    }

    @Override
    public Optional<Claim.Claimed> claim(Tick tick, String category, Instant now) {
        Map<String, AttributeValue> set = new HashMap<>(RunsTable.byJobIndex(tick));
        set.put("kind", Attr.s("dispatch"));
        set.put("job", Attr.s(tick.job()));
        set.put("category", Attr.s(category));
        set.put("scheduledTime", Attr.s(tick.scheduledTime().toString()));
        set.put("trigger", Attr.s(tick.trigger().wire()));
        set.put("startedAt", Attr.s(now.toString()));
        set.put("expiresAt", Attr.expiresAt(now.plus(retention)));
        return claims.claim(table.tickClaim(tick), owner.get(), now, LEASE, set) instanceof Claim.Claimed c ? Optional.of(c) : Optional.empty();
    }

    @Override
    public void record(Tick tick, Claim.Claimed claim, DispatchOutcome outcome, Instant startedAt, Instant endedAt) {
        Map<String, AttributeValue> set = new HashMap<>();
        set.put("result", Attr.s(outcome.status().name().toLowerCase(Locale.ROOT)));
        set.put("tenants", Attr.n(outcome.tenants()));
        set.put("messages", Attr.n(outcome.messages()));
        set.put("endedAt", Attr.s(endedAt.toString()));
        if (outcome.detail() != null) {
            set.put("detail", Attr.s(outcome.detail()));
        }
        RunStatus status = outcome.status() == DispatchOutcome.Status.FAILED ? RunStatus.FAILED : RunStatus.DONE;
        claims.release(table.tickClaim(tick), claim.owner(), claim.version(), status.wire(), set, List.of());
    }
}
