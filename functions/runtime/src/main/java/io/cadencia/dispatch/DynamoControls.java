package io.cadencia.dispatch;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Pause flags in the tenants table: {@code pk=_control, sk=PAUSE#job#<name> | PAUSE#category#<name>}. */
public final class DynamoControls implements DispatchPorts.Controls {

    private static final String PK = "_control";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoControls(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public PauseState pauses() {
        Map<String, PauseState.Pause> jobs = new HashMap<>();
        Map<String, PauseState.Pause> categories = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :pause)")
                .expressionAttributeValues(Map.of(":p", Attr.s(PK), ":pause", Attr.s("PAUSE#")))
                .consistentRead(true).build()).items()) {
            String[] parts = Attr.str(item, "sk").split("#", 3);
            String since = Attr.str(item, "pausedAt");
            (parts[1].equals("job") ? jobs : categories).put(parts[2],
                    new PauseState.Pause(Attr.str(item, "reason"), Optional.ofNullable(since).map(Instant::parse)));
        }
        return new PauseState(jobs, categories);
    }

    @Override
    public void pause(String kind, String name, Optional<String> reason, Instant at) {
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(Map.of(
                "pk", Attr.s(PK), "sk", Attr.s(sk(kind, name)),
                "reason", Attr.s(reason.orElse("")), "pausedAt", Attr.s(at.toString()))).build());
    }

    @Override
    public void resume(String kind, String name) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(Attr.key(PK, sk(kind, name))).build());
    }

    private static String sk(String kind, String name) {
        if (!kind.equals("job") && !kind.equals("category")) {
            throw new IllegalArgumentException("pause kind '" + kind + "' must be 'job' or 'category'");
        }
        return "PAUSE#" + kind + "#" + name;
    }
}
