package io.cadencia.billing;

import io.cadencia.aws.Attr;
import io.cadencia.retry.Jitter;
import io.cadencia.retry.Retrier;
import io.cadencia.retry.Retrier.Attempt;
import io.cadencia.retry.RetryPolicy;
import io.cadencia.retry.Sleeper;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Billing cycles ({@link WorkTable#cycle}) with the index row ({@link WorkTable#billingId}) that makes an
 * external id unique among active cycles, and the rotation counter that spreads template variations over cycles.
 *
 * <p>A cycle is created with single-item conditional writes, no transaction (which would bill every item twice):
 * the index row first (only one creator of an id wins it), then the cycle, the customer's contact when it is new or
 * changed, and the messages last. The cycle records how many messages it has, so whoever finds the id taken can tell
 * a whole cycle (a duplicate) from one whose writing stopped midway (a crashed or failed ingest): after waiting
 * briefly for a creator still at work, it completes that cycle under the reserved id, writing only what is missing,
 * so a re-sent billing mends a failed one and a message never exists twice or goes back to pending. A message is
 * never written before its cycle, so a sender never finds a message without its cycle.
 */
public final class Cycles {

    /** How long one finding a cycle half written waits for its creator, who needs milliseconds, before completing it. */
    private static final RetryPolicy IN_PROGRESS = RetryPolicy.exponential(5, Duration.ofMillis(20), 2.0, Duration.ofMillis(160));
    /** The number of messages a cycle was created with. */
    private static final String STEPS = "steps";

    private final Function<String, TenantScope> work;
    private final ReminderMessages messages;
    private final Retrier inProgress;

    public Cycles(Function<String, TenantScope> work, ReminderMessages messages, Sleeper sleeper) {
        this.work = work;
        this.messages = messages;
        this.inProgress = new Retrier(IN_PROGRESS, sleeper, Jitter.SHARED);
    }

    /** What creating a cycle did: the new cycle, or the active cycle that already holds the externalBillingId. */
    public sealed interface CreateOutcome {
        record Created(String cycleId) implements CreateOutcome {
        }

        record Duplicate(String existingCycleId) implements CreateOutcome {
        }
    }

    /** First number of a block of {@code count} rotation numbers reserved for this tenant (one write per chunk). */
    public long reserveRotation(String tenantId, int count) {
        TenantScope scope = work.apply(tenantId);
        Map<String, AttributeValue> after = scope.update(UpdateItemRequest.builder().key(scope.key(WorkTable.ROTATION_COUNTER))
                .updateExpression("ADD #v :n").expressionAttributeNames(Map.of("#v", "value"))
                .expressionAttributeValues(Map.of(":n", Attr.n(count))).returnValues("UPDATED_NEW").build());
        return Attr.num(after, "value", count) - count;
    }

    /**
     * Creates the cycle with its messages, unless an active cycle holds its externalBillingId (edge case 1: of any
     * number of concurrent ingests of one id exactly one creates it). {@code contact} is the customer as read before,
     * if known: it is written only when new or changed. Waking the sender for the messages is the caller's (once per
     * batch of cycles).
     */
    public CreateOutcome create(Cycle cycle, List<ReminderMessage> cycleMessages, Optional<Contact> contact, Instant now) {
        TenantScope scope = work.apply(cycle.tenantId());
        Retrier.Outcome<CreateOutcome> outcome = inProgress.run(() -> {
            Optional<String> holder = reserveId(scope, cycle.externalBillingId(), cycle.cycleId(), Optional.empty());
            if (holder.isEmpty()) {
                store(scope, cycle, cycleMessages, contact, now);
                return Attempt.done(new CreateOutcome.Created(cycle.cycleId()));
            }
            Optional<Map<String, AttributeValue>> held = scope.get(scope.key(WorkTable.cycle(holder.get())));
            if (held.isPresent() && toCycle(held.get()).status().ended()) {
                // A re-issued bill: the id's cycle ended, so it may start a new one, if nobody else took it meanwhile.
                if (reserveId(scope, cycle.externalBillingId(), cycle.cycleId(), holder).isEmpty()) {
                    store(scope, cycle, cycleMessages, contact, now);
                    return Attempt.done(new CreateOutcome.Created(cycle.cycleId()));
                }
                return Attempt.failed("the id of ended cycle " + holder.get() + " was taken meanwhile");
            }
            if (held.isPresent() && whole(scope, holder.get(), held.get())) {
                return Attempt.done(new CreateOutcome.Duplicate(holder.get()));
            }
            return Attempt.failed("cycle " + holder.get() + " is being written");
        });
        return switch (outcome) {
            case Retrier.Outcome.Succeeded<CreateOutcome>(CreateOutcome result) -> result;
            case Retrier.Outcome.GaveUp<CreateOutcome> stalled -> complete(scope, cycle, cycleMessages, contact, now);
        };
    }

    /**
     * Writes the index row of {@code externalBillingId} naming {@code cycleId}: if there is none, or if it still names
     * {@code replacing}. Empty when written; otherwise the cycle the row names now.
     */
    private static Optional<String> reserveId(TenantScope scope, String externalBillingId, String cycleId, Optional<String> replacing) {
        Map<String, AttributeValue> row = new HashMap<>(scope.key(WorkTable.billingId(externalBillingId)));
        row.put("cycleId", Attr.s(cycleId));
        row.put("type", Attr.s("billing"));
        PutItemRequest.Builder put = PutItemRequest.builder().item(row).returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        replacing.ifPresentOrElse(old -> put.conditionExpression("cycleId = :old").expressionAttributeValues(Map.of(":old", Attr.s(old))),
                () -> put.conditionExpression("attribute_not_exists(pk)"));
        try {
            scope.put(put.build());
            return Optional.empty();
        } catch (ConditionalCheckFailedException taken) {
            return Optional.of(taken.hasItem() ? Attr.str(taken.item(), "cycleId") : "");
        }
    }

    /** The cycle, then the contact if new or changed, then the messages; each only if it is not there yet. */
    private static void store(TenantScope scope, Cycle cycle, List<ReminderMessage> cycleMessages, Optional<Contact> contact, Instant now) {
        putIfAbsent(scope, item(scope, cycle, cycleMessages.size(), now));
        Contacts.saveIfChanged(scope, cycle, contact, now);
        for (ReminderMessage m : cycleMessages) {
            putIfAbsent(scope, ReminderMessages.item(scope, m, cycle.document()));
        }
    }

    private static boolean putIfAbsent(TenantScope scope, Map<String, AttributeValue> item) {
        try {
            scope.put(PutItemRequest.builder().item(item).conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        }
    }

    /** Whether every message the cycle was created with is stored (cycles from before the count was kept always were). */
    private static boolean whole(TenantScope scope, String cycleId, Map<String, AttributeValue> cycle) {
        long steps = Attr.num(cycle, STEPS, -1);
        if (steps < 0) {
            return true;
        }
        long stored = scope.query(QueryRequest.builder().consistentRead(true).select(Select.COUNT)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(scope.tenantId()), ":p", Attr.s(WorkTable.messagesOf(cycleId)))).build())
                .stream().mapToLong(QueryResponse::count).sum();
        return stored >= steps;
    }

    /**
     * Completes a cycle whose creator stopped midway, under the id it reserved, with this billing's data: what is
     * missing is written, nothing is overwritten. Created if the cycle itself was missing, else a duplicate.
     */
    private CreateOutcome complete(TenantScope scope, Cycle cycle, List<ReminderMessage> cycleMessages, Optional<Contact> contact, Instant now) {
        String reserved = idFor(cycle.tenantId(), cycle.externalBillingId()).orElseThrow(() -> new IllegalStateException(
                "the index row of " + cycle.externalBillingId() + " disappeared while its cycle was being completed"));
        boolean cycleWasMissing = putIfAbsent(scope, item(scope, cycle.withCycleId(reserved), cycleMessages.size(), now));
        Contacts.saveIfChanged(scope, cycle, contact, now);
        for (ReminderMessage m : cycleMessages) {
            putIfAbsent(scope, ReminderMessages.item(scope, m.withCycleId(reserved), cycle.document()));
        }
        return cycleWasMissing ? new CreateOutcome.Created(reserved) : new CreateOutcome.Duplicate(reserved);
    }

    public Optional<Cycle> find(String tenantId, String cycleId) {
        TenantScope scope = work.apply(tenantId);
        return scope.get(scope.key(WorkTable.cycle(cycleId))).map(Cycles::toCycle);
    }

    public Optional<String> idFor(String tenantId, String externalBillingId) {
        TenantScope scope = work.apply(tenantId);
        return scope.get(scope.key(WorkTable.billingId(externalBillingId))).map(item -> Attr.str(item, "cycleId"));
    }

    /**
     * Ends an active cycle as {@code newStatus} and cancels its open (pending, claimed or paused) messages with
     * {@code reason}: what cancel-cycle, mark-paid and a paid invoice seen in HubSoft all do. Empty when the cycle
     * was not active; otherwise how many messages were cancelled.
     */
    public Optional<Integer> endAndCancelMessages(Cycle cycle, CycleStatus newStatus, String reason, Instant now) {
        if (cycle.status() != CycleStatus.ACTIVE || !end(cycle, newStatus, now)) {
            return Optional.empty();
        }
        return Optional.of(messages.cancelOpenOf(cycle.tenantId(), cycle.cycleId(), reason));
    }

    /**
     * Moves an active cycle to {@code newStatus}, which makes its externalBillingId reusable (a new ingest of the id
     * reads the cycle its index row names). Returns false when the cycle was not active (already ended by someone else).
     */
    public boolean end(Cycle cycle, CycleStatus newStatus, Instant now) {
        TenantScope scope = work.apply(cycle.tenantId());
        try {
            scope.update(UpdateItemRequest.builder().key(scope.key(WorkTable.cycle(cycle.cycleId())))
                    .updateExpression("SET #s = :new, updatedAt = :now")
                    .conditionExpression("#s = :active")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":new", Attr.s(newStatus.wire()), ":now", Attr.s(now.toString()),
                            ":active", Attr.s(CycleStatus.ACTIVE.wire())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException notActive) {
            return false;
        }
    }

    private static Map<String, AttributeValue> item(TenantScope scope, Cycle c, int steps, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(scope.key(WorkTable.cycle(c.cycleId())));
        item.put(STEPS, Attr.n(steps));
        item.put("type", Attr.s("cycle"));
        item.put("cycleId", Attr.s(c.cycleId()));
        item.put("externalBillingId", Attr.s(c.externalBillingId()));
        item.put("status", Attr.s(c.status().wire()));
        item.put("customerName", Attr.s(c.customerName()));
        item.put("phone", Attr.s(c.phone()));
        item.put("document", Attr.s(c.document()));
        item.put("amount", Attr.s(c.amount().toPlainString()));
        item.put("dueDate", Attr.s(c.dueDate().toString()));
        c.paymentLink().ifPresent(l -> item.put("paymentLink", Attr.s(l)));
        c.pixCode().ifPresent(p -> item.put("pixCode", Attr.s(p)));
        item.put("rotation", Attr.n(c.rotation()));
        c.hubsoftInvoiceId().ifPresent(id -> item.put("hubsoftInvoiceId", Attr.n(id)));
        item.put("createdAt", Attr.s(now.toString()));
        item.put("updatedAt", Attr.s(now.toString()));
        return item;
    }

    private static Cycle toCycle(Map<String, AttributeValue> item) {
        return new Cycle(Attr.str(item, "pk"), Attr.str(item, "cycleId"), Attr.str(item, "externalBillingId"),
                CycleStatus.fromWire(Attr.str(item, "status")),
                Attr.str(item, "customerName"), Attr.str(item, "phone"), Attr.str(item, "document"),
                new BigDecimal(Attr.str(item, "amount")), LocalDate.parse(Attr.str(item, "dueDate")),
                Optional.ofNullable(Attr.str(item, "paymentLink")), Optional.ofNullable(Attr.str(item, "pixCode")),
                Attr.num(item, "rotation", 0),
                Optional.ofNullable(item.get("hubsoftInvoiceId")).map(id -> Long.parseLong(id.n())));
    }
}
