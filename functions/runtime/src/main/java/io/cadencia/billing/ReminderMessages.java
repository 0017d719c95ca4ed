package io.cadencia.billing;

import io.cadencia.aws.Attr;
import io.cadencia.claim.Claim;
import io.cadencia.claim.DynamoClaims;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import io.cadencia.worktable.WorkTable.Due;
import io.cadencia.worktable.WorkTable.DueKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reminder messages ({@link WorkTable#message}) and the sparse due index that finds them by state without a
 * scan (see {@link WorkTable}): sending claims, the pre-send mark, unconfirmed sends, recovery of dead workers'
 * claims, pausing, opt-out and opt-in. Every change of state is conditional on the state (and mostly the version)
 * read, so concurrent workers and controls never both win.
 *
 * <p>It also keeps the tenant's wake entry for the sender ({@link WorkTable#wake}), which the critical dispatcher
 * reads to wake only tenants with something due. Every write that makes a message due at a time (pending at its send
 * time, unconfirmed at its next check) then moves the wake to that time if it is earlier, and always bumps the wake's
 * version; only {@link #settleWake}, after a run, may move it later, and only if the version is still the one it read
 * before looking at the due items. So a message made due while a run settles either was seen by it or makes its
 * settle fail: the wake is never later than a due message. A claim needs no wake: it only moves its message later.
 */
public final class ReminderMessages {

    /** Why opt-out cancelled a message; opt-in reactivates exactly these. */
    public static final String OPTED_OUT = "opted-out";

    /** Wire names of the messages that may still be sent ({@link MessageStatus#open}). */
    private static final List<String> OPEN = Arrays.stream(MessageStatus.values()).filter(MessageStatus::open).map(MessageStatus::wire).toList();

    private static final String WAKE_VERSION = "wakeVersion";
    /**
     * How long after a write the due index (a GSI, eventually consistent) is trusted to hold it: normally well under a
     * second. Until then a settle keeps the wake no later than this, so a message its query missed is found next time.
     */
    private static final Duration INDEX_CATCH_UP = Duration.ofMinutes(1);

    private final Function<String, TenantScope> work;
    private final DynamoClaims claims;
    private final Clock clock;

    public ReminderMessages(Function<String, TenantScope> work, DynamoClaims claims, Clock clock) {
        this.work = work;
        this.claims = claims;
        this.clock = clock;
    }

    /** Pending messages whose send time has come, oldest first, at most {@code limit}. */
    public List<ReminderMessage> due(String tenantId, Instant now, int limit) {
        return queryDue(tenantId, Due.PENDING, Due.upTo(now), limit, ReminderMessages::toMessage);
    }

    /** Messages claimed before {@code claimedBefore} and still in sending: their worker died (edge case 7). */
    public List<InFlightSend> stuckInSending(String tenantId, Instant claimedBefore, int limit) {
        return queryDue(tenantId, Due.SENDING, Due.before(claimedBefore), limit, ReminderMessages::toInFlight);
    }

    /** Unconfirmed sends whose next check time has come. */
    public List<InFlightSend> unconfirmedDue(String tenantId, Instant now, int limit) {
        return queryDue(tenantId, Due.UNCONFIRMED, Due.upTo(now), limit, ReminderMessages::toInFlight);
    }

    /** How many unconfirmed sends the tenant has, for status. */
    public int unconfirmedCount(String tenantId) {
        return countDue(tenantId, Due.UNCONFIRMED, Due.upToAll());
    }

    /** Pending messages due at or before {@code at}. */
    public int pendingCount(String tenantId, Instant at) {
        return countDue(tenantId, Due.PENDING, Due.upTo(at));
    }

    public Optional<ReminderMessage> find(String tenantId, String cycleId, String step) {
        TenantScope scope = work.apply(tenantId);
        return scope.get(scope.key(WorkTable.message(cycleId, step))).map(ReminderMessages::toMessage);
    }

    public List<ReminderMessage> ofCycle(String tenantId, String cycleId) {
        return work.apply(tenantId).query(QueryRequest.builder().consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(tenantId), ":p", Attr.s(WorkTable.messagesOf(cycleId)))).build())
                .items().stream().map(ReminderMessages::toMessage).toList();
    }

    /** Pending, sending and paused messages of one phone, for opt-out. */
    public List<ReminderMessage> openOfPhone(String tenantId, String phone) {
        List<ReminderMessage> result = new ArrayList<>();
        for (Due state : List.of(Due.PENDING, Due.SENDING, Due.PAUSED)) {
            work.apply(tenantId).query(QueryRequest.builder().indexName(WorkTable.DUE_INDEX)
                            .keyConditionExpression("duePk = :pk").filterExpression("phone = :phone")
                            .expressionAttributeValues(Map.of(":pk", Attr.s(state.partition(tenantId)), ":phone", Attr.s(phone))).build())
                    .items().forEach(item -> result.add(toMessage(item)));
        }
        return result;
    }

    /**
     * Pending messages of one customer document (suspension). Messages carry the document since the HubSoft
     * integration; ones written before it are not found here.
     */
    public List<ReminderMessage> pendingOfDocument(String tenantId, String document) {
        return work.apply(tenantId).query(QueryRequest.builder().indexName(WorkTable.DUE_INDEX)
                        .keyConditionExpression("duePk = :pk").filterExpression("#d = :doc")
                        .expressionAttributeNames(Map.of("#d", "document"))
                        .expressionAttributeValues(Map.of(":pk", Attr.s(Due.PENDING.partition(tenantId)), ":doc", Attr.s(document))).build())
                .items().stream().map(ReminderMessages::toMessage).toList();
    }

    /** A paused message and the customer document it was paused for. */
    public record PausedMessage(ReminderMessage message, String document) {
    }

    /** Every paused message of the tenant (one partition of the sparse index). */
    public List<PausedMessage> paused(String tenantId) {
        return work.apply(tenantId).query(QueryRequest.builder().indexName(WorkTable.DUE_INDEX).keyConditionExpression("duePk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(Due.PAUSED.partition(tenantId)))).build())
                .items().stream().map(item -> new PausedMessage(toMessage(item), Attr.str(item, "document"))).toList();
    }

    /** Messages an opt-out of this phone cancelled (or that ingest created cancelled while it was opted out). */
    public List<ReminderMessage> optedOutOf(String tenantId, String phone) {
        return work.apply(tenantId).query(QueryRequest.builder().indexName(WorkTable.DUE_INDEX)
                        .keyConditionExpression("duePk = :pk AND begins_with(dueSk, :phone)")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(Due.OPTED_OUT.partition(tenantId)),
                                ":phone", Attr.s(Due.groupOf(phone)))).build())
                .items().stream().map(ReminderMessages::toMessage).toList();
    }

    /**
     * Pending → paused, only if unchanged since read (a claim in between wins: that send is already under way).
     * It leaves the due partition, so no sender finds it, for the paused one keyed by document.
     */
    public boolean pause(ReminderMessage message, String document, String reason, Instant now) {
        DueKey paused = Due.PAUSED.of(message.tenantId(), document, message.messageId());
        return conditionalUpdate(message,
                "SET #s = :paused, duePk = :duePk, dueSk = :dueSk, pausedAt = :now, pauseReason = :why, version = version + :one",
                "#s = :pending AND version = :v",
                with(paused, Map.of(":paused", Attr.s(MessageStatus.PAUSED.wire()), ":pending", Attr.s(MessageStatus.PENDING.wire()),
                        ":now", Attr.s(now.toString()), ":why", Attr.s(reason), ":one", Attr.n(1), ":v", Attr.n(message.version()))));
    }

    /** Paused → pending at {@code sendAt}, back in the due partition; only if still paused and unchanged since read. */
    public boolean resume(ReminderMessage message, Instant sendAt) {
        return backToPending(message, MessageStatus.PAUSED, sendAt, "pausedAt, pauseReason");
    }

    public Claim claim(ReminderMessage message, String owner, Instant now, Duration lease) {
        DueKey sending = Due.SENDING.at(message.tenantId(), now, message.messageId());
        return claims.claim(spec(message), owner, now, lease, Map.of(
                WorkTable.DUE_PK, Attr.s(sending.duePk()),
                WorkTable.DUE_SK, Attr.s(sending.dueSk()),
                "claimedAt", Attr.s(now.toString())));
    }

    /** Ends a claim as sent, failed or cancelled; false when the claim was lost (e.g. cancelled meanwhile). */
    public boolean finish(ReminderMessage message, String owner, long version, MessageStatus status, Map<String, AttributeValue> set) {
        return claims.release(spec(message), owner, version, status.wire(), set, List.of(WorkTable.DUE_PK, WorkTable.DUE_SK));
    }

    /** Ends a claim by putting the message back to pending at {@code sendAt} (retry after a temporary failure). */
    public boolean retryLater(ReminderMessage message, String owner, long version, Instant sendAt, String lastError) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("sendAt", Attr.s(WorkTable.sortable(sendAt)));
        putDue(set, Due.PENDING.at(message.tenantId(), sendAt, message.messageId()));
        set.put("lastError", Attr.s(lastError));
        return woken(message, sendAt, claims.release(spec(message), owner, version, MessageStatus.PENDING.wire(), set, List.of("sendStartedAt", "textSha256")));
    }

    /**
     * Marks the claimed message as being sent now, with the hash of its text, right before the HTTP call; only if
     * we still hold it (a cancel meanwhile bumped the version). After this write a lost outcome is "unconfirmed",
     * never "not sent".
     */
    public boolean beginSend(ReminderMessage message, String owner, long version, Instant now, String textSha256) {
        return conditionalUpdate(message, "SET sendStartedAt = :now, textSha256 = :hash",
                "#s = :sending AND leaseOwner = :owner AND version = :v",
                Map.of(":now", Attr.s(WorkTable.sortable(now)), ":hash", Attr.s(textSha256),
                        ":sending", Attr.s(MessageStatus.SENDING.wire()), ":owner", Attr.s(owner), ":v", Attr.n(version)));
    }

    /** Ends our claim as unconfirmed: the gateway may have sent it; it is checked again at {@code checkAt}. */
    public boolean markUnconfirmed(ReminderMessage message, String owner, long version, Instant checkAt, String reason) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        putDue(set, Due.UNCONFIRMED.at(message.tenantId(), checkAt, message.messageId()));
        set.put("lastError", Attr.s(reason));
        return woken(message, checkAt, claims.release(spec(message), owner, version, MessageStatus.UNCONFIRMED.wire(), set, List.of()));
    }

    /** A dead worker's claim that had reached the HTTP call: unconfirmed, checked at {@code checkAt}. */
    public boolean stuckToUnconfirmed(ReminderMessage message, Instant checkAt, String reason) {
        return woken(message, checkAt, conditionalUpdate(message,
                "SET #s = :unconfirmed, duePk = :duePk, dueSk = :dueSk, lastError = :why, version = version + :one REMOVE leaseOwner, leaseUntil",
                "#s = :sending AND version = :v",
                with(Due.UNCONFIRMED.at(message.tenantId(), checkAt, message.messageId()), Map.of(
                        ":unconfirmed", Attr.s(MessageStatus.UNCONFIRMED.wire()), ":sending", Attr.s(MessageStatus.SENDING.wire()),
                        ":why", Attr.s(reason), ":one", Attr.n(1), ":v", Attr.n(message.version())))));
    }

    /** Resolves an unconfirmed send: the gateway has it (sent), or certainly not (pending again, or failed). */
    public boolean resolveUnconfirmed(ReminderMessage message, MessageStatus status, Instant sendAt, Map<String, AttributeValue> set) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", Attr.s(status.wire()));
        values.put(":unconfirmed", Attr.s(MessageStatus.UNCONFIRMED.wire()));
        values.put(":one", Attr.n(1));
        values.put(":v", Attr.n(message.version()));
        StringBuilder update = new StringBuilder("SET #s = :status, version = version + :one");
        Map<String, String> names = new HashMap<>(Map.of("#s", "status"));
        Attr.appendSets(update, set, names, values);
        update.append(switch (status) {
            case PENDING -> {
                DueKey pending = Due.PENDING.at(message.tenantId(), sendAt, message.messageId());
                values.put(":duePk", Attr.s(pending.duePk()));
                values.put(":dueSk", Attr.s(pending.dueSk()));
                values.put(":at", Attr.s(WorkTable.sortable(sendAt)));
                yield ", duePk = :duePk, dueSk = :dueSk, sendAt = :at REMOVE sendStartedAt, textSha256";
            }
            case SENT, FAILED -> " REMOVE duePk, dueSk";
            case SENDING, CANCELLED, PAUSED, UNCONFIRMED ->
                    throw new IllegalArgumentException("an unconfirmed send resolves to pending, sent or failed, not " + status);
        });
        boolean resolved = conditionalUpdate(message, UpdateItemRequest.builder().updateExpression(update.toString())
                .conditionExpression("#s = :unconfirmed AND version = :v").expressionAttributeNames(names).expressionAttributeValues(values));
        return status == MessageStatus.PENDING ? woken(message, sendAt, resolved) : resolved;
    }

    /** Moves an unconfirmed send's next check to {@code checkAt} (the gateway could not answer). */
    public boolean recheckUnconfirmedAt(ReminderMessage message, Instant checkAt, String reason) {
        return woken(message, checkAt, conditionalUpdate(message, "SET dueSk = :dueSk, lastError = :why, version = version + :one",
                "#s = :unconfirmed AND version = :v",
                Map.of(":dueSk", Attr.s(Due.UNCONFIRMED.at(message.tenantId(), checkAt, message.messageId()).dueSk()), ":why", Attr.s(reason),
                        ":one", Attr.n(1), ":v", Attr.n(message.version()), ":unconfirmed", Attr.s(MessageStatus.UNCONFIRMED.wire()))));
    }

    /** Back to pending from a dead worker's claim, only if nobody touched it since we read it. */
    public boolean recover(ReminderMessage message, Instant now) {
        return backToPending(message, MessageStatus.SENDING, now, "leaseOwner, leaseUntil");
    }

    /** {@code from} → pending at {@code sendAt}, in the due partition, dropping {@code removed}; only if unchanged since read. */
    private boolean backToPending(ReminderMessage message, MessageStatus from, Instant sendAt, String removed) {
        return woken(message, sendAt, conditionalUpdate(message,
                "SET #s = :pending, sendAt = :at, duePk = :duePk, dueSk = :dueSk, version = version + :one REMOVE " + removed,
                "#s = :from AND version = :v",
                with(Due.PENDING.at(message.tenantId(), sendAt, message.messageId()), Map.of(":pending", Attr.s(MessageStatus.PENDING.wire()),
                        ":from", Attr.s(from.wire()), ":at", Attr.s(WorkTable.sortable(sendAt)), ":one", Attr.n(1), ":v", Attr.n(message.version())))));
    }

    /** Moves a pending message to a new send time (closed hours), only if unchanged since read. */
    public boolean reschedule(ReminderMessage message, Instant sendAt) {
        return woken(message, sendAt, conditionalUpdate(message, "SET sendAt = :at, dueSk = :dueSk, version = version + :one",
                "#s = :pending AND version = :v",
                Map.of(":at", Attr.s(WorkTable.sortable(sendAt)), ":dueSk", Attr.s(Due.PENDING.at(message.tenantId(), sendAt, message.messageId()).dueSk()),
                        ":one", Attr.n(1), ":v", Attr.n(message.version()), ":pending", Attr.s(MessageStatus.PENDING.wire()))));
    }

    /**
     * Cancels a pending, claimed or paused message. Bumping the version and leaving 'sending' is what makes a claimed
     * message's release fail and its pre-send check refuse (edge case 8).
     */
    public boolean cancel(ReminderMessage message, String reason) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":cancelled", Attr.s(MessageStatus.CANCELLED.wire()),
                ":why", Attr.s(reason), ":one", Attr.n(1)));
        String open = Attr.in(":open", OPEN, values);
        return conditionalUpdate(message,
                "SET #s = :cancelled, cancelReason = :why, version = version + :one REMOVE duePk, dueSk, leaseOwner, leaseUntil, pausedAt, pauseReason",
                "#s IN " + open, values);
    }

    /** Cancels the open (pending, claimed or paused) messages of a cycle; how many it cancelled. */
    public int cancelOpenOf(String tenantId, String cycleId, String reason) {
        int cancelled = 0;
        for (ReminderMessage m : ofCycle(tenantId, cycleId)) {
            if (m.status().open() && cancel(m, reason)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    /**
     * Cancels like {@link #cancel} for an opt-out, keeping the message in the due index's opted-out partition by
     * phone, so an opt-in finds exactly what the opt-out stopped.
     */
    public boolean cancelForOptOut(ReminderMessage message) {
        Map<String, AttributeValue> values = with(Due.OPTED_OUT.of(message.tenantId(), message.phone(), message.messageId()), Map.of(
                ":cancelled", Attr.s(MessageStatus.CANCELLED.wire()), ":why", Attr.s(OPTED_OUT), ":one", Attr.n(1)));
        String open = Attr.in(":open", OPEN, values);
        return conditionalUpdate(message,
                "SET #s = :cancelled, cancelReason = :why, duePk = :duePk, dueSk = :dueSk, version = version + :one "
                        + "REMOVE leaseOwner, leaseUntil, pausedAt, pauseReason",
                "#s IN " + open, values);
    }

    /** Cancelled by opt-out → pending at its planned time, back in the due partition; only if unchanged since read. */
    public boolean reactivate(ReminderMessage message) {
        return woken(message, message.sendAt(), conditionalUpdate(message,
                "SET #s = :pending, duePk = :duePk, dueSk = :dueSk, version = version + :one REMOVE cancelReason",
                "#s = :cancelled AND cancelReason = :why AND version = :v",
                with(Due.PENDING.at(message.tenantId(), message.sendAt(), message.messageId()), Map.of(
                        ":pending", Attr.s(MessageStatus.PENDING.wire()), ":cancelled", Attr.s(MessageStatus.CANCELLED.wire()),
                        ":why", Attr.s(OPTED_OUT), ":one", Attr.n(1), ":v", Attr.n(message.version())))));
    }

    /**
     * Wakes the sender for the tenant at {@code at} if its wake is later or absent, and bumps the wake's version either
     * way: a run settling meanwhile may have looked at the due items before this one was written, and must not then
     * move the wake past it. Called right after the write that made a message due at {@code at}.
     */
    void wakeAt(String tenantId, Instant at) {
        TenantScope scope = work.apply(tenantId);
        DueKey wake = WorkTable.wakeAt(MessageSender.JOB, tenantId, at);
        Map<String, AttributeValue> key = scope.key(WorkTable.wake(MessageSender.JOB));
        AttributeValue now = Attr.s(WorkTable.sortable(clock.instant()));
        try {
            scope.update(UpdateItemRequest.builder().key(key)
                    .updateExpression("SET wakePk = :wpk, wakeSk = :wsk, touchedAt = :now ADD " + WAKE_VERSION + " :one")
                    .conditionExpression("attribute_not_exists(wakeSk) OR wakeSk > :wsk")
                    .expressionAttributeValues(Map.of(":wpk", Attr.s(wake.duePk()), ":wsk", Attr.s(wake.dueSk()), ":one", Attr.n(1), ":now", now)).build());
        } catch (ConditionalCheckFailedException alreadyEarlier) {
            scope.update(UpdateItemRequest.builder().key(key).updateExpression("SET touchedAt = :now ADD " + WAKE_VERSION + " :one")
                    .expressionAttributeValues(Map.of(":one", Attr.n(1), ":now", now)).build());
        }
    }

    /**
     * After a sender run: moves the tenant's wake to its earliest due item (a pending send, an unconfirmed check, a
     * claim that turns stuck after {@code stuckAfter}), or out of the wake index when none is left; only if no write
     * touched the wake since it was read here, before the due items were. Otherwise that write's wake stands, never
     * later than its message, and the run it causes settles again. A write the due index may not show yet (touched
     * less than {@link #INDEX_CATCH_UP} ago) keeps the wake no later than the time it surely does.
     */
    public void settleWake(String tenantId, Duration stuckAfter) {
        TenantScope scope = work.apply(tenantId);
        Map<String, AttributeValue> key = scope.key(WorkTable.wake(MessageSender.JOB));
        Optional<Map<String, AttributeValue>> read = scope.get(key);
        Optional<Long> version = read.map(item -> Attr.num(item, WAKE_VERSION, 0));
        Optional<Instant> indexSettled = read.map(item -> Attr.str(item, "touchedAt")).map(WorkTable::parseSortable)
                .map(touched -> touched.plus(INDEX_CATCH_UP)).filter(settled -> settled.isAfter(clock.instant()));
        Optional<Instant> next = Stream.of(earliest(tenantId, Due.PENDING), earliest(tenantId, Due.UNCONFIRMED),
                        earliest(tenantId, Due.SENDING).map(claimedAt -> claimedAt.plus(stuckAfter)), indexSettled)
                .flatMap(Optional::stream).min(Comparator.naturalOrder());
        if (version.isEmpty() && next.isEmpty()) {
            return;
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", Attr.n(1)));
        String update = next.map(at -> {
            DueKey wake = WorkTable.wakeAt(MessageSender.JOB, tenantId, at);
            values.put(":wpk", Attr.s(wake.duePk()));
            values.put(":wsk", Attr.s(wake.dueSk()));
            return "SET wakePk = :wpk, wakeSk = :wsk";
        }).orElse("REMOVE wakePk, wakeSk");
        String unchanged = version.map(v -> {
            values.put(":v", Attr.n(v));
            return WAKE_VERSION + " = :v";
        }).orElse("attribute_not_exists(pk)");
        try {
            scope.update(UpdateItemRequest.builder().key(key).updateExpression(update + " ADD " + WAKE_VERSION + " :one")
                    .conditionExpression(unchanged).expressionAttributeValues(values).build());
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            // A write made something due after our read: its wake, no later than that item, stands.
        }
    }

    /** The time of the first entry of a time-ordered due partition. */
    private Optional<Instant> earliest(String tenantId, Due state) {
        return work.apply(tenantId).query(dueQuery(tenantId, state, Due.upToAll()).limit(1).build()).items().stream().findFirst()
                .map(item -> Attr.str(item, WorkTable.DUE_SK))
                .map(dueSk -> WorkTable.parseSortable(dueSk.substring(0, dueSk.indexOf('#'))));
    }

    /** {@code changed}, after waking the sender at {@code at} when it did change the message. */
    private boolean woken(ReminderMessage message, Instant at, boolean changed) {
        if (changed) {
            wakeAt(message.tenantId(), at);
        }
        return changed;
    }

    /** A new message as stored by the cycle's creation; a pending or opted-out one enters its due partition. */
    static Map<String, AttributeValue> item(TenantScope scope, ReminderMessage m, String document) {
        Map<String, AttributeValue> item = new HashMap<>(scope.key(WorkTable.message(m.cycleId(), m.step())));
        item.put("type", Attr.s("message"));
        item.put("document", Attr.s(document));
        item.put("cycleId", Attr.s(m.cycleId()));
        item.put("step", Attr.s(m.step()));
        item.put("phone", Attr.s(m.phone()));
        item.put("sendAt", Attr.s(WorkTable.sortable(m.sendAt())));
        item.put("status", Attr.s(m.status().wire()));
        item.put("version", Attr.n(m.version()));
        item.put("attempts", Attr.n(m.attempts()));
        item.put("last", Attr.bool(m.last()));
        if (m.lastError() != null) {
            item.put("cancelReason", Attr.s(m.lastError()));
        }
        Optional<DueKey> due = switch (m.status()) {
            case PENDING -> Optional.of(Due.PENDING.at(m.tenantId(), m.sendAt(), m.messageId()));
            case CANCELLED -> OPTED_OUT.equals(m.lastError()) ? Optional.of(Due.OPTED_OUT.of(m.tenantId(), m.phone(), m.messageId()))
                    : Optional.empty();
            // Ingest creates messages pending or cancelled; the other states are only ever reached by an update.
            case SENDING, SENT, FAILED, PAUSED, UNCONFIRMED -> Optional.empty();
        };
        due.ifPresent(d -> putDue(item, d));
        return item;
    }

    private <T> List<T> queryDue(String tenantId, Due state, String dueSkAtMost, int limit, Function<Map<String, AttributeValue>, T> mapper) {
        // The page limit and the stream's stop together read no page beyond the one holding the limit-th item.
        return work.apply(tenantId).query(dueQuery(tenantId, state, dueSkAtMost).limit(limit).build())
                .items().stream().limit(limit).map(mapper).toList();
    }

    private int countDue(String tenantId, Due state, String dueSkAtMost) {
        return work.apply(tenantId).query(dueQuery(tenantId, state, dueSkAtMost).select("COUNT").build())
                .stream().mapToInt(QueryResponse::count).sum();
    }

    private static QueryRequest.Builder dueQuery(String tenantId, Due state, String dueSkAtMost) {
        return QueryRequest.builder().indexName(WorkTable.DUE_INDEX).keyConditionExpression("duePk = :pk AND dueSk <= :max")
                .expressionAttributeValues(Map.of(":pk", Attr.s(state.partition(tenantId)), ":max", Attr.s(dueSkAtMost)));
    }

    private DynamoClaims.ClaimSpec spec(ReminderMessage message) {
        TenantScope scope = work.apply(message.tenantId());
        return new DynamoClaims.ClaimSpec(scope.table(), scope.key(WorkTable.message(message.cycleId(), message.step())), false,
                List.of(MessageStatus.PENDING.wire()), MessageStatus.SENDING.wire());
    }

    private boolean conditionalUpdate(ReminderMessage message, String update, String condition, Map<String, AttributeValue> values) {
        return conditionalUpdate(message, UpdateItemRequest.builder().updateExpression(update).conditionExpression(condition)
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values));
    }

    private boolean conditionalUpdate(ReminderMessage message, UpdateItemRequest.Builder request) {
        TenantScope scope = work.apply(message.tenantId());
        try {
            scope.update(request.key(scope.key(WorkTable.message(message.cycleId(), message.step()))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** {@code values} plus the {@code :duePk} and {@code :dueSk} of {@code due}. */
    private static Map<String, AttributeValue> with(DueKey due, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":duePk", Attr.s(due.duePk()));
        all.put(":dueSk", Attr.s(due.dueSk()));
        return all;
    }

    private static void putDue(Map<String, AttributeValue> item, DueKey due) {
        item.put(WorkTable.DUE_PK, Attr.s(due.duePk()));
        item.put(WorkTable.DUE_SK, Attr.s(due.dueSk()));
    }

    private static InFlightSend toInFlight(Map<String, AttributeValue> item) {
        return new InFlightSend(toMessage(item), Optional.ofNullable(Attr.str(item, "sendStartedAt")).map(WorkTable::parseSortable),
                Optional.ofNullable(Attr.str(item, "textSha256")));
    }

    private static ReminderMessage toMessage(Map<String, AttributeValue> item) {
        return new ReminderMessage(Attr.str(item, "pk"), Attr.str(item, "cycleId"), Attr.str(item, "step"), Attr.str(item, "phone"),
                Attr.instant(item, "sendAt"), MessageStatus.fromWire(Attr.str(item, "status")), Attr.num(item, "version", 0), (int) Attr.num(item, "attempts", 0),
                Attr.flag(item, "last"), Attr.str(item, "providerMessageId"),
                Attr.str(item, "lastError") != null ? Attr.str(item, "lastError") : Attr.str(item, "cancelReason"));
    }
}
