package io.cadencia.dispatch;

import io.cadencia.aws.Attr;
import io.cadencia.tenant.TenantsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Pause flags in the tenants table (keys: {@link TenantsTable}). */
public final class DynamoControls implements DispatchPorts.Controls {

    private final DynamoDbClient dynamo;
    private final TenantsTable table;

    public DynamoControls(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = new TenantsTable(table);
    }

    @Override
    public PauseState pauses() {
        Map<String, PauseState.Pause> jobs = new HashMap<>();
        Map<String, PauseState.Pause> categories = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.query(table.pauses()).items()) {
            TenantsTable.PauseKey pause = TenantsTable.pauseOf(item);
            String since = Attr.str(item, "pausedAt");
            (pause.kind().equals("job") ? jobs : categories).put(pause.name(),
                    new PauseState.Pause(Attr.str(item, "reason"), Optional.ofNullable(since).map(Instant::parse)));
        }
        return new PauseState(jobs, categories);
    }

    @Override
    public void pause(String kind, String name, Optional<String> reason, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(TenantsTable.pause(new TenantsTable.PauseKey(kind, name)));
        item.put("reason", Attr.s(reason.orElse("")));
        item.put("pausedAt", Attr.s(at.toString()));
        dynamo.putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }

    @Override
    public void resume(String kind, String name) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table.name()).key(TenantsTable.pause(new TenantsTable.PauseKey(kind, name))).build());
    }
}
