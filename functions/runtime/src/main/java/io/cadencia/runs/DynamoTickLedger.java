package io.cadencia.runs;

import io.cadencia.aws.Attr;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.dispatch.DispatchOutcome;
import io.cadencia.dispatch.DispatchPorts;
import io.cadencia.dispatch.Missed;
import io.cadencia.dispatch.Tick;
import io.cadencia.work.RunStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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
    /** Records read per page for {@link #newestBefore}: room for a few run-nows newer than the job's newest tick. */
    private static final int PAGE = 10;

    private final DynamoDbClient dynamo;
    private final DynamoClaims claims;
    private final RunsTable table;
    private final Duration retention;
    private final Supplier<String> owner;

    /** @param owner the container's identity, read at each claim (it changes when a SnapStart snapshot is restored) */
    public DynamoTickLedger(DynamoDbClient dynamo, DynamoClaims claims, String table, Duration retention, Supplier<String> owner) {
        this.dynamo = dynamo;
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
        Missed missed = outcome.missed();
        if (missed.any()) {
            set.put("missedTicks", Attr.n(missed.ticks()));
            set.put("caughtUp", Attr.n(missed.caughtUp().size()));
        }
        RunStatus status = outcome.status() == DispatchOutcome.Status.FAILED ? RunStatus.FAILED : RunStatus.DONE;
        if (claims.release(table.tickClaim(tick), claim.owner(), claim.version(), status.wire(), set, List.of()) && missed.any()) {
            addToTotals(tick, missed);
        }
    }

    /** Written only by a tick that found missed ticks: a job that never misses one costs no write here. */
    private void addToTotals(Tick tick, Missed missed) {
        dynamo.updateItem(b -> b.tableName(table.name()).key(RunsTable.catchUpTotals(tick.job()))
                .updateExpression("ADD missedTicks :missed, caughtUp :caughtUp SET lastTick = :tick, lastMissed = :missed, lastCaughtUp = :caughtUp")
                .expressionAttributeValues(Map.of(":missed", Attr.n(missed.ticks()), ":caughtUp", Attr.n(missed.caughtUp().size()),
                        ":tick", Attr.s(tick.scheduledTime().toString()))));
    }

    @Override
    public Optional<DispatchPorts.PastTick> newestBefore(String job, Instant before) {
        QueryRequest request = table.scheduledTicksBefore(job, before, PAGE);
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(request.toBuilder().exclusiveStartKey(start).build());
            if (!page.items().isEmpty()) {
                Map<String, AttributeValue> item = page.items().getFirst();
                return Optional.of(new DispatchPorts.PastTick(Attr.instant(item, "scheduledTime"), RunStatus.FAILED.is(Attr.str(item, "status"))));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return Optional.empty();
    }
}
