package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** A tenant's WorkTable items of one type (sk prefix), every page of the query. */
final class WorkItems {

    private WorkItems() {
    }

    static List<Map<String, AttributeValue>> query(DynamoDbClient dynamo, String table, String tenantId, String skPrefix) {
        return dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", Attr.s(tenantId), ":prefix", Attr.s(skPrefix))))
                .items().stream().toList();
    }
}
