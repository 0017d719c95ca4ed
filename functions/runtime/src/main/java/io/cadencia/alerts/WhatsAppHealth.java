package io.cadencia.alerts;

import io.cadencia.aws.Attr;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's instance state item ({@link WorkTable#WHATSAPP_HEALTH}): written by every {@code verificar_whatsapp}
 * run with one UpdateItem and no read, read by {@code verificar_alertas}. {@code offlineSince} is set by the first
 * check that finds the instance not open and kept until one finds it open.
 */
final class WhatsAppHealth {

    /** A refusal or a transport error can be long; the state is for people and the alert's detail. */
    private static final int MAX_STATE = 200;

    private WhatsAppHealth() {
    }

    /** @param online open, or no instance to be offline */
    static void record(TenantScope scope, String state, boolean online, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":state", Attr.s(state.length() > MAX_STATE ? state.substring(0, MAX_STATE) : state),
                ":now", Attr.s(now.toString())));
        String update = "SET #state = :state, checkedAt = :now" + (online ? " REMOVE offlineSince" : ", offlineSince = if_not_exists(offlineSince, :now)");
        scope.update(UpdateItemRequest.builder().key(scope.key(WorkTable.WHATSAPP_HEALTH)).updateExpression(update)
                .expressionAttributeNames(Map.of("#state", "state")).expressionAttributeValues(values).build());
    }

    static Optional<InstanceHealth> read(TenantScope scope) {
        return scope.get(scope.key(WorkTable.WHATSAPP_HEALTH)).map(item -> new InstanceHealth(Attr.str(item, "state"),
                Attr.instant(item, "checkedAt"), Optional.ofNullable(Attr.instant(item, "offlineSince"))));
    }
}
