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
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Billing cycles ({@link WorkTable#cycle}) with the index row ({@link WorkTable#billingId}) that makes an
 * external id unique among active cycles, and the rotation counter that spreads template variations over cycles.
 * A cycle is created together with its contact, its tracked HubSoft client and its messages, in one transaction.
 */
public final class Cycles {

    /** Two ingests touching one index or contact row conflict for milliseconds; jitter keeps the losers apart. */
    private static final RetryPolicy CONFLICTS = RetryPolicy.exponential(5, Duration.ofMillis(20), 2.0, Duration.ofMillis(160));

    /** Wire names of the statuses whose externalBillingId may start a new cycle. */
    private static final List<String> ENDED = Arrays.stream(CycleStatus.values()).filter(CycleStatus::ended).map(CycleStatus::wire).toList();

    private final Function<String, TenantScope> work;
    private final ReminderMessages messages;
    private final Retrier conflicts;

    public Cycles(Function<String, TenantScope> work, ReminderMessages messages, Sleeper sleeper) {
        this.work = work;
        this.messages = messages;
        this.conflicts = new Retrier(CONFLICTS, sleeper, Jitter.SHARED);
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
     * Writes the index row, the cycle, the contact, the tracked HubSoft client and the messages in one transaction.
     * The index row's condition (absent, or its cycle ended) makes two concurrent ingests of one id create exactly
     * one cycle (edge case 1).
     */
    public CreateOutcome create(Cycle cycle, List<ReminderMessage> cycleMessages, Instant now) {
        TenantScope scope = work.apply(cycle.tenantId());
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> index = new HashMap<>(scope.key(WorkTable.billingId(cycle.externalBillingId())));
        index.put("cycleId", Attr.s(cycle.cycleId()));
        index.put("cycleStatus", Attr.s(CycleStatus.ACTIVE.wire()));
        index.put("type", Attr.s("billing"));
        Map<String, AttributeValue> endedValues = new HashMap<>();
        String ended = Attr.in(":ended", ENDED, endedValues);
        writes.add(TransactWriteItem.builder().put(Put.builder().item(index)
                .conditionExpression("attribute_not_exists(pk) OR cycleStatus IN " + ended)
                .expressionAttributeValues(endedValues)
                .build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().item(item(scope, cycle, now)).build()).build());
        writes.add(TransactWriteItem.builder().update(Contacts.upsert(scope, cycle, now)).build());
        writes.add(TransactWriteItem.builder().update(hubsoftClientUpsert(scope, cycle, now)).build());
        for (ReminderMessage m : cycleMessages) {
            writes.add(TransactWriteItem.builder().put(Put.builder().item(ReminderMessages.item(scope, m, cycle.document())).build()).build());
        }
        Retrier.Outcome<CreateOutcome> outcome = conflicts.run(() -> {
            try {
                scope.transactWrite(writes);
                return Attempt.done(new CreateOutcome.Created(cycle.cycleId()));
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return Attempt.done(new CreateOutcome.Duplicate(idFor(cycle.tenantId(), cycle.externalBillingId()).orElse(null)));
                }
                // A conflict with a concurrent ingest: after a retry, the loser sees a duplicate.
                return Attempt.failed(e);
            }
        });
        CreateOutcome created = switch (outcome) {
            case Retrier.Outcome.Succeeded<CreateOutcome>(CreateOutcome result) -> result;
            case Retrier.Outcome.GaveUp<CreateOutcome> gaveUp -> throw gaveUp.last().cause().orElseThrow();
        };
        if (created instanceof CreateOutcome.Created) {
            cycleMessages.stream().filter(m -> m.status() == MessageStatus.PENDING).map(ReminderMessage::sendAt)
                    .min(Comparator.naturalOrder()).ifPresent(first -> messages.wakeAt(cycle.tenantId(), first));
        }
        return created;
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
     * Moves an active cycle to {@code newStatus} together with its index row, so the externalBillingId becomes
     * reusable. Returns false when the cycle was not active (already ended by someone else).
     */
    public boolean end(Cycle cycle, CycleStatus newStatus, Instant now) {
        TenantScope scope = work.apply(cycle.tenantId());
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(Update.builder().key(scope.key(WorkTable.cycle(cycle.cycleId())))
                        .updateExpression("SET #s = :new, updatedAt = :now")
                        .conditionExpression("#s = :active")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":new", Attr.s(newStatus.wire()), ":now", Attr.s(now.toString()), ":active", Attr.s(CycleStatus.ACTIVE.wire())))
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder().key(scope.key(WorkTable.billingId(cycle.externalBillingId())))
                        .updateExpression("SET cycleStatus = :new")
                        .conditionExpression("cycleId = :id")
                        .expressionAttributeValues(Map.of(":new", Attr.s(newStatus.wire()), ":id", Attr.s(cycle.cycleId())))
                        .build()).build());
        Retrier.Outcome<Boolean> outcome = conflicts.run(() -> {
            try {
                scope.transactWrite(writes);
                return Attempt.done(true);
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                return conflict ? Attempt.failed(e) : Attempt.done(false);
            }
        });
        return outcome instanceof Retrier.Outcome.Succeeded<Boolean>(Boolean ended) && ended;
    }

    private static Map<String, AttributeValue> item(TenantScope scope, Cycle c, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(scope.key(WorkTable.cycle(c.cycleId())));
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

    /**
     * The customer as a client for the HubSoft daily checkup. Written whether or not the tenant has HubSoft yet, so
     * enabling it later finds the clients already tracked; an {@code active=false} set by an operator is kept.
     */
    private static Update hubsoftClientUpsert(TenantScope scope, Cycle c, Instant now) {
        return Update.builder().key(scope.key(WorkTable.hubsoftClient(c.document())))
                .updateExpression("SET #d = :doc, #t = :type, updatedAt = :now")
                .expressionAttributeNames(Map.of("#d", "document", "#t", "type"))
                .expressionAttributeValues(Map.of(":doc", Attr.s(c.document()), ":type", Attr.s("hubsoft-client"),
                        ":now", Attr.s(now.toString())))
                .build();
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
