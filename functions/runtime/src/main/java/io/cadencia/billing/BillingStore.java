package io.cadencia.billing;

import io.cadencia.aws.Attr;
import io.cadencia.billing.template.MessageTemplate;
import io.cadencia.billing.template.TemplateCatalog;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Billing items in the WorkTable, all under {@code pk=<tenantId>}: {@code CYCLE#<cycleId>}, the
 * {@code BILLING#<externalBillingId>} index row that makes an id unique among active cycles, {@code CONTACT#<phone>},
 * {@code MSG#<cycleId>#<step>}, {@code TEMPLATE#<step>}, the rotation counter and {@code HUBSOFT_CLIENT#<document>}
 * (the customer as a client the HubSoft daily checkup tracks). The sparse GSI {@code due} holds
 * pending messages ({@code duePk=<tenantId>, dueSk=<sendAt>#<msgId>}) and, under {@code duePk=<tenantId>#sending},
 * claimed ones by claim time, so messages stuck in sending can be found without a scan.
 */
public final class BillingStore {

    public static final String DUE_INDEX = "due";
    public static final String GENERIC_TEMPLATE = "generic";
    /** Why opt-out cancelled a message; opt-in reactivates exactly these. */
    public static final String OPTED_OUT = "opted-out";

    private static final int MAX_TRANSACTION_RETRIES = 5;
    /** Messages that may still be sent: what ending a cycle or an opt-out cancels. */
    private static final List<String> OPEN = List.of(ReminderMessage.PENDING, ReminderMessage.SENDING, ReminderMessage.PAUSED);
    private static final java.time.format.DateTimeFormatter SORTABLE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final DynamoClaims claims;
    private final String table;

    public BillingStore(DynamoDbClient dynamo, DynamoClaims claims, String table) {
        this.dynamo = dynamo;
        this.claims = claims;
        this.table = table;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Cycles
    // ----------------------------------------------------------------------------------------------------------

    /** What creating a cycle did: the new cycle, or the active cycle that already holds the externalBillingId. */
    public sealed interface CreateOutcome {
        record Created(String cycleId) implements CreateOutcome {
        }

        record Duplicate(String existingCycleId) implements CreateOutcome {
        }
    }

    /** First number of a block of {@code count} rotation numbers reserved for this tenant (one write per chunk). */
    public long reserveRotation(String tenantId, int count) {
        Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table).key(Attr.key(tenantId, "COUNTER#rotation"))
                .updateExpression("ADD #v :n").expressionAttributeNames(Map.of("#v", "value"))
                .expressionAttributeValues(Map.of(":n", Attr.n(count))).returnValues("UPDATED_NEW")).attributes();
        return Attr.num(after, "value", count) - count;
    }

    /**
     * Writes the index row, the cycle, the contact, the tracked HubSoft client and the messages in one transaction.
     * The index row's condition (absent, or its cycle ended) makes two concurrent ingests of one id create exactly
     * one cycle (edge case 1).
     */
    public CreateOutcome createCycle(Cycle cycle, List<ReminderMessage> messages, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> index = new HashMap<>(Attr.key(cycle.tenantId(), "BILLING#" + cycle.externalBillingId()));
        index.put("cycleId", Attr.s(cycle.cycleId()));
        index.put("cycleStatus", Attr.s(Cycle.ACTIVE));
        index.put("type", Attr.s("billing"));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(index)
                .conditionExpression("attribute_not_exists(pk) OR cycleStatus IN (:c, :p, :d)")
                .expressionAttributeValues(Map.of(":c", Attr.s(Cycle.CANCELLED), ":p", Attr.s(Cycle.PAID), ":d", Attr.s(Cycle.COMPLETED)))
                .build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(cycleItem(cycle, now)).build()).build());
        writes.add(TransactWriteItem.builder().update(contactUpsert(cycle, now)).build());
        writes.add(TransactWriteItem.builder().update(hubsoftClientUpsert(cycle, now)).build());
        for (ReminderMessage m : messages) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(messageItem(m, cycle.document())).build()).build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return new CreateOutcome.Created(cycle.cycleId());
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    String existing = Attr.str(getItem(cycle.tenantId(), "BILLING#" + cycle.externalBillingId()), "cycleId");
                    return new CreateOutcome.Duplicate(existing);
                }
                // Two ingests touching the same index or contact row at once: retry, the loser then sees a duplicate.
                if (attempt >= MAX_TRANSACTION_RETRIES) {
                    throw e;
                }
                sleepQuietly(attempt * 20L);
            }
        }
    }

    /**
     * Ends an active cycle as {@code newStatus} and cancels its open (pending, claimed or paused) messages with
     * {@code reason}: what cancel-cycle, mark-paid and a paid invoice seen in HubSoft all do. Empty when the cycle
     * was not active; otherwise how many messages were cancelled.
     */
    public Optional<Integer> endCycleAndCancelMessages(Cycle cycle, String newStatus, String reason, Instant now) {
        if (!Cycle.ACTIVE.equals(cycle.status()) || !endCycle(cycle, newStatus, now)) {
            return Optional.empty();
        }
        int cancelled = 0;
        for (ReminderMessage m : messagesOf(cycle.tenantId(), cycle.cycleId())) {
            if (OPEN.contains(m.status()) && cancel(m, reason)) {
                cancelled++;
            }
        }
        return Optional.of(cancelled);
    }

    public Optional<Cycle> findCycle(String tenantId, String cycleId) {
        Map<String, AttributeValue> item = getItem(tenantId, "CYCLE#" + cycleId);
        return item.isEmpty() ? Optional.empty() : Optional.of(toCycle(item));
    }

    public Optional<String> cycleIdFor(String tenantId, String externalBillingId) {
        return Optional.ofNullable(Attr.str(getItem(tenantId, "BILLING#" + externalBillingId), "cycleId"));
    }

    /**
     * Moves an active cycle to {@code newStatus} together with its index row, so the externalBillingId becomes
     * reusable. Returns false when the cycle was not active (already ended by someone else).
     */
    public boolean endCycle(Cycle cycle, String newStatus, Instant now) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(Attr.key(cycle.tenantId(), "CYCLE#" + cycle.cycleId()))
                        .updateExpression("SET #s = :new, updatedAt = :now")
                        .conditionExpression("#s = :active")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":new", Attr.s(newStatus), ":now", Attr.s(now.toString()), ":active", Attr.s(Cycle.ACTIVE)))
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table).key(Attr.key(cycle.tenantId(), "BILLING#" + cycle.externalBillingId()))
                        .updateExpression("SET cycleStatus = :new")
                        .conditionExpression("cycleId = :id")
                        .expressionAttributeValues(Map.of(":new", Attr.s(newStatus), ":id", Attr.s(cycle.cycleId())))
                        .build()).build());
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return true;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt >= MAX_TRANSACTION_RETRIES) {
                    return false;
                }
                sleepQuietly(attempt * 20L);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Contacts
    // ----------------------------------------------------------------------------------------------------------

    public Optional<Contact> findContact(String tenantId, String phone) {
        Map<String, AttributeValue> item = getItem(tenantId, "CONTACT#" + phone);
        return item.isEmpty() ? Optional.empty() : Optional.of(toContact(item));
    }

    /** Contacts by phone in one round trip per 100 (a whole ingest chunk). */
    public Map<String, Contact> findContacts(String tenantId, List<String> phones) {
        Map<String, Contact> found = new HashMap<>();
        List<String> distinct = phones.stream().distinct().toList();
        for (int start = 0; start < distinct.size(); start += 100) {
            List<Map<String, AttributeValue>> keys = distinct.subList(start, Math.min(distinct.size(), start + 100)).stream()
                    .map(p -> Attr.key(tenantId, "CONTACT#" + p)).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(current));
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    Contact c = toContact(item);
                    found.put(c.phone(), c);
                });
                request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty() ? response.unprocessedKeys() : null;
            }
        }
        return found;
    }

    /** Sets or clears the opt-out flag, creating the contact if the operator acts before any billing arrived. */
    public void setOptOut(String tenantId, String phone, boolean optedOut, Instant now) {
        dynamo.updateItem(b -> b.tableName(table).key(Attr.key(tenantId, "CONTACT#" + phone))
                .updateExpression("SET optedOut = :o, optOutChangedAt = :now, phone = :p, #t = :type")
                .expressionAttributeNames(Map.of("#t", "type"))
                .expressionAttributeValues(Map.of(":o", Attr.bool(optedOut), ":now", Attr.s(now.toString()), ":p", Attr.s(phone),
                        ":type", Attr.s("contact"))));
    }

    // ----------------------------------------------------------------------------------------------------------
    // Messages
    // ----------------------------------------------------------------------------------------------------------

    /** Pending messages whose send time has come, oldest first, at most {@code limit}. */
    public List<ReminderMessage> due(String tenantId, Instant now, int limit) {
        // '~' sorts after every character of "<ISO instant>#<msgId>", so every message due at 'now' is included.
        return queryIndex(tenantId, iso(now) + "~", limit);
    }

    /** Messages claimed before {@code claimedBefore} and still in sending: their worker died (edge case 7). */
    public List<InFlightSend> stuckInSending(String tenantId, Instant claimedBefore, int limit) {
        return queryIndex(tenantId + "#sending", iso(claimedBefore), limit, BillingStore::toInFlight);
    }

    /** Unconfirmed sends whose next check time has come. */
    public List<InFlightSend> unconfirmedDue(String tenantId, Instant now, int limit) {
        return queryIndex(unconfirmedPk(tenantId), iso(now) + "~", limit, BillingStore::toInFlight);
    }

    /** How many unconfirmed sends the tenant has, for status. */
    public int unconfirmedCount(String tenantId) {
        return countIndex(unconfirmedPk(tenantId), "~");
    }

    /** Pending messages due at or before {@code at} (with {@code "~"} semantics as in {@link #due}). */
    public int pendingCount(String tenantId, Instant at) {
        return countIndex(tenantId, iso(at) + "~");
    }

    private int countIndex(String duePk, String dueSkAtMost) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(DUE_INDEX).select("COUNT")
                    .keyConditionExpression("duePk = :pk AND dueSk <= :max")
                    .expressionAttributeValues(Map.of(":pk", Attr.s(duePk), ":max", Attr.s(dueSkAtMost)));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(q.build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private static String unconfirmedPk(String tenantId) {
        return tenantId + "#unconfirmed";
    }

    private List<ReminderMessage> queryIndex(String duePk, String dueSkAtMost, int limit) {
        return queryIndex(duePk, dueSkAtMost, limit, BillingStore::toMessage);
    }

    private <T> List<T> queryIndex(String duePk, String dueSkAtMost, int limit, java.util.function.Function<Map<String, AttributeValue>, T> mapper) {
        List<T> result = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
                    .keyConditionExpression("duePk = :pk AND dueSk <= :max")
                    .expressionAttributeValues(Map.of(":pk", Attr.s(duePk), ":max", Attr.s(dueSkAtMost)))
                    .limit(limit - result.size());
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(q.build());
            page.items().forEach(item -> result.add(mapper.apply(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && result.size() < limit);
        return result;
    }

    public Optional<ReminderMessage> findMessage(String tenantId, String cycleId, String step) {
        Map<String, AttributeValue> item = getItem(tenantId, messageSk(cycleId, step));
        return item.isEmpty() ? Optional.empty() : Optional.of(toMessage(item));
    }

    public Optional<String> leaseOwner(ReminderMessage message) {
        return Optional.ofNullable(Attr.str(getItem(message.tenantId(), messageSk(message.cycleId(), message.step())), "leaseOwner"));
    }

    public List<ReminderMessage> messagesOf(String tenantId, String cycleId) {
        List<ReminderMessage> result = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(tenantId), ":p", Attr.s("MSG#" + cycleId + "#"))).build())
                .items().forEach(item -> result.add(toMessage(item)));
        return result;
    }

    /** Pending, sending and paused messages of one phone, for opt-out. */
    public List<ReminderMessage> openMessagesOf(String tenantId, String phone) {
        List<ReminderMessage> result = new ArrayList<>();
        for (String duePk : List.of(tenantId, tenantId + "#sending", pausedPk(tenantId))) {
            dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
                            .keyConditionExpression("duePk = :pk").filterExpression("phone = :phone")
                            .expressionAttributeValues(Map.of(":pk", Attr.s(duePk), ":phone", Attr.s(phone))).build())
                    .items().forEach(item -> result.add(toMessage(item)));
        }
        return result;
    }

    /**
     * Pending messages of one customer document (suspension). Messages carry the document since the HubSoft
     * integration; ones written before it are not found here.
     */
    public List<ReminderMessage> pendingMessagesOfDocument(String tenantId, String document) {
        List<ReminderMessage> result = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
                        .keyConditionExpression("duePk = :pk").filterExpression("#d = :doc")
                        .expressionAttributeNames(Map.of("#d", "document"))
                        .expressionAttributeValues(Map.of(":pk", Attr.s(tenantId), ":doc", Attr.s(document))).build())
                .items().forEach(item -> result.add(toMessage(item)));
        return result;
    }

    /** A paused message and the customer document it was paused for. */
    public record PausedMessage(ReminderMessage message, String document) {
    }

    /** Every paused message of the tenant (one partition of the sparse index). */
    public List<PausedMessage> pausedMessages(String tenantId) {
        List<PausedMessage> result = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
                        .keyConditionExpression("duePk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(pausedPk(tenantId)))).build())
                .items().forEach(item -> result.add(new PausedMessage(toMessage(item), Attr.str(item, "document"))));
        return result;
    }

    /**
     * Pending → paused, only if unchanged since read (a claim in between wins: that send is already under way).
     * It leaves the due partition, so no sender finds it, for {@code <tenantId>#paused} keyed by document.
     */
    public boolean pause(ReminderMessage message, String document, String reason, Instant now) {
        return conditionalUpdate(message,
                "SET #s = :paused, duePk = :duePk, dueSk = :dueSk, pausedAt = :now, pauseReason = :why, version = version + :one",
                "#s = :pending AND version = :v",
                Map.of(":paused", Attr.s(ReminderMessage.PAUSED), ":pending", Attr.s(ReminderMessage.PENDING),
                        ":duePk", Attr.s(pausedPk(message.tenantId())), ":dueSk", Attr.s(document + "#" + message.messageId()),
                        ":now", Attr.s(now.toString()), ":why", Attr.s(reason), ":one", Attr.n(1), ":v", Attr.n(message.version())));
    }

    /** Paused → pending at {@code sendAt}, back in the due partition; only if still paused and unchanged since read. */
    public boolean resume(ReminderMessage message, Instant sendAt) {
        return conditionalUpdate(message,
                "SET #s = :pending, sendAt = :at, duePk = :duePk, dueSk = :dueSk, version = version + :one REMOVE pausedAt, pauseReason",
                "#s = :paused AND version = :v",
                Map.of(":pending", Attr.s(ReminderMessage.PENDING), ":paused", Attr.s(ReminderMessage.PAUSED),
                        ":at", Attr.s(iso(sendAt)), ":duePk", Attr.s(message.tenantId()),
                        ":dueSk", Attr.s(iso(sendAt) + "#" + message.messageId()), ":one", Attr.n(1), ":v", Attr.n(message.version())));
    }

    private static String pausedPk(String tenantId) {
        return tenantId + "#paused";
    }

    public Claim claim(ReminderMessage message, String owner, Instant now, Duration lease) {
        return claims.claim(spec(message), owner, now, lease, Map.of(
                "duePk", Attr.s(message.tenantId() + "#sending"),
                "dueSk", Attr.s(iso(now) + "#" + message.messageId()),
                "claimedAt", Attr.s(now.toString())));
    }

    /** Ends a claim as sent, failed or cancelled; false when the claim was lost (e.g. cancelled meanwhile). */
    public boolean finish(ReminderMessage message, String owner, long version, String status, Map<String, AttributeValue> set) {
        return claims.release(spec(message), owner, version, status, set, List.of("duePk", "dueSk"));
    }

    /** Ends a claim by putting the message back to pending at {@code sendAt} (retry after a temporary failure). */
    public boolean retryLater(ReminderMessage message, String owner, long version, Instant sendAt, String lastError) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("sendAt", Attr.s(iso(sendAt)));
        set.put("duePk", Attr.s(message.tenantId()));
        set.put("dueSk", Attr.s(iso(sendAt) + "#" + message.messageId()));
        set.put("lastError", Attr.s(lastError));
        return claims.release(spec(message), owner, version, ReminderMessage.PENDING, set, List.of("sendStartedAt", "textSha256"));
    }

    /**
     * Marks the claimed message as being sent now, with the hash of its text, right before the HTTP call; only if
     * we still hold it (a cancel meanwhile bumped the version). After this write a lost outcome is "unconfirmed",
     * never "not sent".
     */
    public boolean beginSend(ReminderMessage message, String owner, long version, Instant now, String textSha256) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Attr.key(message.tenantId(), messageSk(message.cycleId(), message.step())))
                    .updateExpression("SET sendStartedAt = :now, textSha256 = :hash")
                    .conditionExpression("#s = :sending AND leaseOwner = :owner AND version = :v")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":now", Attr.s(iso(now)), ":hash", Attr.s(textSha256),
                            ":sending", Attr.s(ReminderMessage.SENDING), ":owner", Attr.s(owner), ":v", Attr.n(version))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Ends our claim as unconfirmed: the gateway may have sent it; it is checked again at {@code checkAt}. */
    public boolean markUnconfirmed(ReminderMessage message, String owner, long version, Instant checkAt, String reason) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("duePk", Attr.s(unconfirmedPk(message.tenantId())));
        set.put("dueSk", Attr.s(iso(checkAt) + "#" + message.messageId()));
        set.put("lastError", Attr.s(reason));
        return claims.release(spec(message), owner, version, ReminderMessage.UNCONFIRMED, set, List.of());
    }

    /** A dead worker's claim that had reached the HTTP call: unconfirmed, checked at {@code checkAt}. */
    public boolean stuckToUnconfirmed(ReminderMessage message, Instant checkAt, String reason) {
        return conditionalUpdate(message,
                "SET #s = :unconfirmed, duePk = :duePk, dueSk = :dueSk, lastError = :why, version = version + :one REMOVE leaseOwner, leaseUntil",
                "#s = :sending AND version = :v",
                Map.of(":unconfirmed", Attr.s(ReminderMessage.UNCONFIRMED), ":sending", Attr.s(ReminderMessage.SENDING),
                        ":duePk", Attr.s(unconfirmedPk(message.tenantId())), ":dueSk", Attr.s(iso(checkAt) + "#" + message.messageId()),
                        ":why", Attr.s(reason), ":one", Attr.n(1), ":v", Attr.n(message.version())));
    }

    /** Resolves an unconfirmed send: the gateway has it (sent), or certainly not (pending again, or failed). */
    public boolean resolveUnconfirmed(ReminderMessage message, String status, Instant sendAt, Map<String, AttributeValue> set) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", Attr.s(status));
        values.put(":unconfirmed", Attr.s(ReminderMessage.UNCONFIRMED));
        values.put(":one", Attr.n(1));
        values.put(":v", Attr.n(message.version()));
        StringBuilder update = new StringBuilder("SET #s = :status, version = version + :one");
        Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
        Attr.appendSets(update, set, names, values);
        if (ReminderMessage.PENDING.equals(status)) {
            values.put(":duePk", Attr.s(message.tenantId()));
            values.put(":dueSk", Attr.s(iso(sendAt) + "#" + message.messageId()));
            values.put(":at", Attr.s(iso(sendAt)));
            update.append(", duePk = :duePk, dueSk = :dueSk, sendAt = :at REMOVE sendStartedAt, textSha256");
        } else {
            update.append(" REMOVE duePk, dueSk");
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Attr.key(message.tenantId(), messageSk(message.cycleId(), message.step())))
                    .updateExpression(update.toString()).conditionExpression("#s = :unconfirmed AND version = :v")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Moves an unconfirmed send's next check to {@code checkAt} (the gateway could not answer). */
    public boolean recheckUnconfirmedAt(ReminderMessage message, Instant checkAt, String reason) {
        return conditionalUpdate(message, "SET dueSk = :dueSk, lastError = :why, version = version + :one",
                "#s = :unconfirmed AND version = :v",
                Map.of(":dueSk", Attr.s(iso(checkAt) + "#" + message.messageId()), ":why", Attr.s(reason), ":one", Attr.n(1),
                        ":v", Attr.n(message.version()), ":unconfirmed", Attr.s(ReminderMessage.UNCONFIRMED)));
    }

    /** Back to pending from a dead worker's claim, only if nobody touched it since we read it. */
    public boolean recover(ReminderMessage message, Instant now) {
        return conditionalUpdate(message,
                "SET #s = :pending, duePk = :duePk, dueSk = :dueSk, sendAt = :now, version = version + :one REMOVE leaseOwner, leaseUntil",
                "#s = :sending AND version = :v",
                Map.of(":pending", Attr.s(ReminderMessage.PENDING), ":sending", Attr.s(ReminderMessage.SENDING),
                        ":duePk", Attr.s(message.tenantId()), ":dueSk", Attr.s(iso(now) + "#" + message.messageId()),
                        ":now", Attr.s(iso(now)), ":one", Attr.n(1), ":v", Attr.n(message.version())));
    }

    /** Moves a pending message to a new send time (closed hours), only if unchanged since read. */
    public boolean reschedule(ReminderMessage message, Instant sendAt) {
        return conditionalUpdate(message, "SET sendAt = :at, dueSk = :dueSk, version = version + :one",
                "#s = :pending AND version = :v",
                Map.of(":at", Attr.s(iso(sendAt)), ":dueSk", Attr.s(iso(sendAt) + "#" + message.messageId()),
                        ":one", Attr.n(1), ":v", Attr.n(message.version()), ":pending", Attr.s(ReminderMessage.PENDING)));
    }

    /**
     * Cancels a pending, claimed or paused message. Bumping the version and leaving 'sending' is what makes a claimed
     * message's release fail and its pre-send check refuse (edge case 8).
     */
    public boolean cancel(ReminderMessage message, String reason) {
        return conditionalUpdate(message,
                "SET #s = :cancelled, cancelReason = :why, version = version + :one REMOVE duePk, dueSk, leaseOwner, leaseUntil, pausedAt, pauseReason",
                "#s IN (:pending, :sending, :paused)",
                Map.of(":cancelled", Attr.s(ReminderMessage.CANCELLED), ":why", Attr.s(reason), ":one", Attr.n(1),
                        ":pending", Attr.s(ReminderMessage.PENDING), ":sending", Attr.s(ReminderMessage.SENDING),
                        ":paused", Attr.s(ReminderMessage.PAUSED)));
    }

    /**
     * Cancels like {@link #cancel} for an opt-out, keeping the message in the sparse index under
     * {@code <tenantId>#opted-out} by phone, so an opt-in finds exactly what the opt-out stopped.
     */
    public boolean cancelForOptOut(ReminderMessage message) {
        return conditionalUpdate(message,
                "SET #s = :cancelled, cancelReason = :why, duePk = :duePk, dueSk = :dueSk, version = version + :one "
                        + "REMOVE leaseOwner, leaseUntil, pausedAt, pauseReason",
                "#s IN (:pending, :sending, :paused)",
                Map.of(":cancelled", Attr.s(ReminderMessage.CANCELLED), ":why", Attr.s(OPTED_OUT), ":one", Attr.n(1),
                        ":duePk", Attr.s(optedOutPk(message.tenantId())), ":dueSk", Attr.s(message.phone() + "#" + message.messageId()),
                        ":pending", Attr.s(ReminderMessage.PENDING), ":sending", Attr.s(ReminderMessage.SENDING),
                        ":paused", Attr.s(ReminderMessage.PAUSED)));
    }

    /** Messages an opt-out of this phone cancelled (or that ingest created cancelled while it was opted out). */
    public List<ReminderMessage> optedOutMessagesOf(String tenantId, String phone) {
        List<ReminderMessage> result = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(DUE_INDEX)
                        .keyConditionExpression("duePk = :pk AND begins_with(dueSk, :phone)")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(optedOutPk(tenantId)), ":phone", Attr.s(phone + "#"))).build())
                .items().forEach(item -> result.add(toMessage(item)));
        return result;
    }

    /** Cancelled by opt-out → pending at its planned time, back in the due partition; only if unchanged since read. */
    public boolean reactivate(ReminderMessage message) {
        return conditionalUpdate(message,
                "SET #s = :pending, duePk = :duePk, dueSk = :dueSk, version = version + :one REMOVE cancelReason",
                "#s = :cancelled AND cancelReason = :why AND version = :v",
                Map.of(":pending", Attr.s(ReminderMessage.PENDING), ":cancelled", Attr.s(ReminderMessage.CANCELLED),
                        ":why", Attr.s(OPTED_OUT), ":duePk", Attr.s(message.tenantId()),
                        ":dueSk", Attr.s(iso(message.sendAt()) + "#" + message.messageId()), ":one", Attr.n(1),
                        ":v", Attr.n(message.version())));
    }

    private static String optedOutPk(String tenantId) {
        return tenantId + "#opted-out";
    }

    private boolean conditionalUpdate(ReminderMessage message, String update, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Attr.key(message.tenantId(), messageSk(message.cycleId(), message.step())))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Templates
    // ----------------------------------------------------------------------------------------------------------

    public void saveTemplate(String tenantId, String step, List<MessageTemplate> variations, Instant now) {
        List<AttributeValue> texts = variations.stream().map(t -> Attr.s(t.text())).toList();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", Attr.s(tenantId), "sk", Attr.s("TEMPLATE#" + step),
                "step", Attr.s(step), "variations", AttributeValue.fromL(texts), "updatedAt", Attr.s(now.toString()))));
    }

    /** The tenant's catalog; texts were validated when saved, and a step without variations falls back (edge case 5). */
    public TemplateCatalog templates(String tenantId) {
        Map<String, List<MessageTemplate>> byStep = new HashMap<>();
        Optional<MessageTemplate> generic = Optional.empty();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", Attr.s(tenantId), ":p", Attr.s("TEMPLATE#"))).build()).items()) {
            String step = Attr.str(item, "step");
            List<MessageTemplate> variations = new ArrayList<>();
            List<AttributeValue> texts = item.containsKey("variations") ? item.get("variations").l() : List.of();
            for (int i = 0; i < texts.size(); i++) {
                variations.add(new MessageTemplate(step + "#" + (i + 1), texts.get(i).s()));
            }
            if (GENERIC_TEMPLATE.equals(step)) {
                generic = variations.stream().findFirst();
            } else {
                byStep.put(step, variations);
            }
        }
        return new TemplateCatalog(byStep, generic);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Mapping
    // ----------------------------------------------------------------------------------------------------------

    private DynamoClaims.ClaimSpec spec(ReminderMessage message) {
        return new DynamoClaims.ClaimSpec(table, Attr.key(message.tenantId(), messageSk(message.cycleId(), message.step())), false,
                List.of(ReminderMessage.PENDING), ReminderMessage.SENDING);
    }

    private static String messageSk(String cycleId, String step) {
        return "MSG#" + cycleId + "#" + step;
    }

    private Map<String, AttributeValue> getItem(String tenantId, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Attr.key(tenantId, sk)).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private static Map<String, AttributeValue> cycleItem(Cycle c, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(c.tenantId(), "CYCLE#" + c.cycleId()));
        item.put("type", Attr.s("cycle"));
        item.put("cycleId", Attr.s(c.cycleId()));
        item.put("externalBillingId", Attr.s(c.externalBillingId()));
        item.put("status", Attr.s(c.status()));
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

    /** Edge case 6: new data for a known phone updates the contact but never clears its opt-out. */
    private Update contactUpsert(Cycle c, Instant now) {
        return Update.builder().tableName(table).key(Attr.key(c.tenantId(), "CONTACT#" + c.phone()))
                .updateExpression("SET #n = :name, #d = :doc, phone = :phone, updatedAt = :now, optedOut = if_not_exists(optedOut, :no), #t = :type")
                .expressionAttributeNames(Map.of("#n", "name", "#d", "document", "#t", "type"))
                .expressionAttributeValues(Map.of(":name", Attr.s(c.customerName()), ":doc", Attr.s(c.document()),
                        ":phone", Attr.s(c.phone()), ":now", Attr.s(now.toString()), ":no", Attr.bool(false), ":type", Attr.s("contact")))
                .build();
    }

    /**
     * The customer as a client for the HubSoft daily checkup (the key format HubSoftDailyCheckup reads). Written
     * whether or not the tenant has HubSoft yet, so enabling it later finds the clients already tracked; an
     * {@code active=false} set by an operator is kept.
     */
    private Update hubsoftClientUpsert(Cycle c, Instant now) {
        return Update.builder().tableName(table).key(Attr.key(c.tenantId(), "HUBSOFT_CLIENT#" + c.document()))
                .updateExpression("SET #d = :doc, #t = :type, updatedAt = :now")
                .expressionAttributeNames(Map.of("#d", "document", "#t", "type"))
                .expressionAttributeValues(Map.of(":doc", Attr.s(c.document()), ":type", Attr.s("hubsoft-client"),
                        ":now", Attr.s(now.toString())))
                .build();
    }

    private static Map<String, AttributeValue> messageItem(ReminderMessage m, String document) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(m.tenantId(), messageSk(m.cycleId(), m.step())));
        item.put("type", Attr.s("message"));
        item.put("document", Attr.s(document));
        item.put("cycleId", Attr.s(m.cycleId()));
        item.put("step", Attr.s(m.step()));
        item.put("phone", Attr.s(m.phone()));
        item.put("sendAt", Attr.s(iso(m.sendAt())));
        item.put("status", Attr.s(m.status()));
        item.put("version", Attr.n(m.version()));
        item.put("attempts", Attr.n(m.attempts()));
        item.put("last", Attr.bool(m.last()));
        if (ReminderMessage.PENDING.equals(m.status())) {
            item.put("duePk", Attr.s(m.tenantId()));
            item.put("dueSk", Attr.s(iso(m.sendAt()) + "#" + m.messageId()));
        }
        if (m.lastError() != null) {
            item.put("cancelReason", Attr.s(m.lastError()));
        }
        if (ReminderMessage.CANCELLED.equals(m.status()) && OPTED_OUT.equals(m.lastError())) {
            item.put("duePk", Attr.s(optedOutPk(m.tenantId())));
            item.put("dueSk", Attr.s(m.phone() + "#" + m.messageId()));
        }
        return item;
    }

    private static Cycle toCycle(Map<String, AttributeValue> item) {
        return new Cycle(Attr.str(item, "pk"), Attr.str(item, "cycleId"), Attr.str(item, "externalBillingId"), Attr.str(item, "status"),
                Attr.str(item, "customerName"), Attr.str(item, "phone"), Attr.str(item, "document"),
                new BigDecimal(Attr.str(item, "amount")), LocalDate.parse(Attr.str(item, "dueDate")),
                Optional.ofNullable(Attr.str(item, "paymentLink")), Optional.ofNullable(Attr.str(item, "pixCode")),
                Attr.num(item, "rotation", 0),
                Optional.ofNullable(item.get("hubsoftInvoiceId")).map(id -> Long.parseLong(id.n())));
    }

    private static Contact toContact(Map<String, AttributeValue> item) {
        return new Contact(Attr.str(item, "pk"), Attr.str(item, "phone"), Attr.str(item, "name"), Attr.str(item, "document"),
                Attr.flag(item, "optedOut"));
    }

    private static InFlightSend toInFlight(Map<String, AttributeValue> item) {
        return new InFlightSend(toMessage(item), Optional.ofNullable(Attr.str(item, "sendStartedAt")).map(BillingStore::parseIso),
                Optional.ofNullable(Attr.str(item, "textSha256")));
    }

    private static Instant parseIso(String iso) {
        return SORTABLE.parse(iso, Instant::from);
    }

    private static ReminderMessage toMessage(Map<String, AttributeValue> item) {
        return new ReminderMessage(Attr.str(item, "pk"), Attr.str(item, "cycleId"), Attr.str(item, "step"), Attr.str(item, "phone"),
                Attr.instant(item, "sendAt"), Attr.str(item, "status"), Attr.num(item, "version", 0), (int) Attr.num(item, "attempts", 0),
                Attr.flag(item, "last"), Attr.str(item, "providerMessageId"),
                Attr.str(item, "lastError") != null ? Attr.str(item, "lastError") : Attr.str(item, "cancelReason"));
    }

    /** Fixed-width UTC instant: Instant.toString drops zero fractions, which would break lexicographic order. */
    static String iso(Instant instant) {
        return SORTABLE.format(instant);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
