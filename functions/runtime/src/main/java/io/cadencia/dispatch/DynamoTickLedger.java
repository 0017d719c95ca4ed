package io.cadencia.dispatch;

import io.cadencia.aws.Attr;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.claim.DynamoClaims.ClaimSpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatch records in the runs table: {@code pk=_dispatch#<job>, sk=<scheduledTime>[#manual...]}. The record is
 * the tick's claim: created once, and claimable again only if its dispatch failed or its lease expired.
 */
public final class DynamoTickLedger implements DispatchPorts.TickLedger {

    public static final String PK_PREFIX = "_dispatch#";
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final DynamoClaims claims;
    private final String table;
    private final Duration retention;
    private final String owner;

    public DynamoTickLedger(DynamoClaims claims, String table, Duration retention, String owner) {
        this.claims = claims;
        this.table = table;
        this.retention = retention;
        this.owner = owner;
    }

    @Override
    public Optional<Claim.Claimed> claim(Tick tick, String category, Instant now) {
        Map<String, AttributeValue> set = new HashMap<>();
        set.put("kind", Attr.s("dispatch"));
        set.put("job", Attr.s(tick.job()));
        set.put("category", Attr.s(category));
        set.put("scheduledTime", Attr.s(tick.scheduledTime().toString()));
        set.put("trigger", Attr.s(tick.trigger()));
        set.put("startedAt", Attr.s(now.toString()));
        set.put("jobPk", Attr.s(tick.job()));
        set.put("jobSk", Attr.s(tick.scheduledTime() + "#_dispatch"));
        set.put("expiresAt", Attr.expiresAt(now.plus(retention)));
        return claims.claim(spec(tick), owner, now, LEASE, set) instanceof Claim.Claimed c ? Optional.of(c) : Optional.empty();
    }

    @Override
    public void record(Tick tick, Claim.Claimed claim, DispatchOutcome outcome, Instant startedAt, Instant endedAt) {
        Map<String, AttributeValue> set = new HashMap<>();
        set.put("result", Attr.s(outcome.status().name().toLowerCase(java.util.Locale.ROOT)));
        set.put("tenants", Attr.n(outcome.tenants()));
        set.put("messages", Attr.n(outcome.messages()));
        set.put("endedAt", Attr.s(endedAt.toString()));
        if (outcome.detail() != null) {
            set.put("detail", Attr.s(outcome.detail()));
        }
        String status = outcome.status() == DispatchOutcome.Status.FAILED ? "failed" : "done";
        claims.release(spec(tick), claim.owner(), claim.version(), status, set, List.of());
    }

    private ClaimSpec spec(Tick tick) {
        String sk = tick.claimKey().substring(tick.job().length() + 1);
        return new ClaimSpec(table, Attr.key(PK_PREFIX + tick.job(), sk), true, List.of("failed"), "in_progress");
    }
}
