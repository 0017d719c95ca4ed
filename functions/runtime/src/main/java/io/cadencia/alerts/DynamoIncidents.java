package io.cadencia.alerts;

import io.cadencia.aws.Attr;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Incidents as DynamoDB items, one per alert and subject: a tenant's in the work table ({@link WorkTable#alert}, under
 * the tenant's partition), the operators' in the runs table next to the tick ledger they are judged from. Every
 * transition is an UpdateItem conditional on the version read; a channel's notified version is a separate attribute
 * ({@code notified_<channel>}), written only forward, so a transition never erases what a channel was told.
 */
public final class DynamoIncidents implements IncidentStore {

    /** Where the items live and how they are reached. */
    public interface Partition {
        Map<String, AttributeValue> key(String sk);

        Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key);

        /** Throws {@link ConditionalCheckFailedException} when the request's condition fails. */
        void update(UpdateItemRequest request);

        /** Every item whose sort key begins with {@code prefix}. */
        List<Map<String, AttributeValue>> query(String prefix);
    }

    private final Partition partition;
    private final String prefix;
    private final BiFunction<Alert, String, String> sortKey;

    /**
     * @param prefix  what every sort key of these incidents begins with
     * @param sortKey the sort key of an alert's incident for a subject
     */
    public DynamoIncidents(Partition partition, String prefix, BiFunction<Alert, String, String> sortKey) {
        this.partition = partition;
        this.prefix = prefix;
        this.sortKey = sortKey;
    }

    /** A tenant's incidents: the subject is the tenant, so the key names only the alert. */
    public static DynamoIncidents of(TenantScope scope) {
        return new DynamoIncidents(new Partition() {
            @Override
            public Map<String, AttributeValue> key(String sk) {
                return scope.key(sk);
            }

            @Override
            public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
                return scope.get(key);
            }

            @Override
            public void update(UpdateItemRequest request) {
                scope.update(request);
            }

            @Override
            public List<Map<String, AttributeValue>> query(String prefix) {
                return scope.query(prefix, Integer.MAX_VALUE);
            }
        }, WorkTable.ALERTS, (alert, subject) -> WorkTable.alert(alert));
    }

    @Override
    public Optional<Incident> find(Alert alert, String subject) {
        return partition.get(partition.key(sortKey.apply(alert, subject))).map(DynamoIncidents::toIncident);
    }

    @Override
    public List<Incident> all() {
        return partition.query(prefix).stream().map(DynamoIncidents::toIncident).toList();
    }

    @Override
    public boolean save(Incident incident, long expectedVersion) {
        Map<String, String> names = new HashMap<>(Map.of("#version", "version"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":version", Attr.n(incident.version())));
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("type", Attr.s("incident"));
        set.put("alert", Attr.s(incident.alert().wire()));
        set.put("subject", Attr.s(incident.subject()));
        set.put("state", Attr.s(incident.state().name().toLowerCase(Locale.ROOT)));
        set.put("openedAt", Attr.s(incident.openedAt().toString()));
        set.put("detail", Attr.s(incident.detail()));
        incident.resolvedAt().ifPresent(at -> set.put("resolvedAt", Attr.s(at.toString())));
        StringBuilder update = new StringBuilder("SET #version = :version");
        Attr.appendSets(update, set, names, values);
        if (incident.resolvedAt().isEmpty()) {
            update.append(" REMOVE resolvedAt");
        }
        String condition;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(pk)";
        } else {
            values.put(":expected", Attr.n(expectedVersion));
            condition = "#version = :expected";
        }
        try {
            partition.update(UpdateItemRequest.builder().key(partition.key(sortKey.apply(incident.alert(), incident.subject())))
                    .updateExpression(update.toString()).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void markNotified(Alert alert, String subject, Incident.Channel channel, long version) {
        try {
            partition.update(UpdateItemRequest.builder().key(partition.key(sortKey.apply(alert, subject)))
                    .updateExpression("SET #n = :v").conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#n) OR #n < :v)")
                    .expressionAttributeNames(Map.of("#n", notifiedAttribute(channel))).expressionAttributeValues(Map.of(":v", Attr.n(version)))
                    .build());
        } catch (ConditionalCheckFailedException toldOfALaterOneAlready) {
            // Never moved back: the later version stands.
        }
    }

    private static String notifiedAttribute(Incident.Channel channel) {
        return "notified_" + channel.name().toLowerCase(Locale.ROOT);
    }

    private static Incident toIncident(Map<String, AttributeValue> item) {
        Map<Incident.Channel, Long> notified = new EnumMap<>(Incident.Channel.class);
        for (Incident.Channel channel : Incident.Channel.values()) {
            long version = Attr.num(item, notifiedAttribute(channel), 0);
            if (version > 0) {
                notified.put(channel, version);
            }
        }
        return new Incident(Alert.fromWire(Attr.str(item, "alert")), Attr.str(item, "subject"),
                Incident.State.valueOf(Attr.str(item, "state").toUpperCase(Locale.ROOT)), Attr.num(item, "version", 0),
                Instant.parse(Attr.str(item, "openedAt")), Optional.ofNullable(Attr.instant(item, "resolvedAt")),
                Attr.str(item, "detail"), notified);
    }
}
