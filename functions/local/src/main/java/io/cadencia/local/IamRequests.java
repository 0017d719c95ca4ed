package io.cadencia.local;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IAM authorization an AWS request needs: which action on which resource ARN, as the service's authorization
 * reference defines it (a batch or transaction is authorized per item and table; SQS batch calls as their single
 * form; a DynamoDB query on an index on the index's ARN).
 */
public final class IamRequests {

    /** One authorization: {@code action} like {@code dynamodb:PutItem}, on {@code resource}, an ARN. */
    public record Authorization(String action, String resource) {
    }

    private final String region;
    private final String account;

    public IamRequests(String region, String account) {
        this.region = region;
        this.account = account;
    }

    /** @param service the SDK's service name ({@code DynamoDb}, {@code Sqs}, {@code SecretsManager}, {@code Kms}) */
    public List<Authorization> of(String service, String operation, SdkRequest request) {
        return switch (service) {
            case "DynamoDb" -> dynamo(operation, request);
            case "Sqs" -> List.of(new Authorization("sqs:" + sqsAction(operation), queueArn(request)));
            case "SecretsManager" -> List.of(new Authorization("secretsmanager:" + operation, secretArn(request)));
            case "Kms" -> List.of(new Authorization("kms:" + operation, field(request, "KeyId")
                    .map(id -> id.startsWith("arn:") ? id : "arn:aws:kms:" + region + ":" + account + ":key/" + id)
                    .orElse("*")));
            default -> List.of(new Authorization(service.toLowerCase() + ":" + operation, "*"));
        };
    }

    private List<Authorization> dynamo(String operation, SdkRequest request) {
        List<Authorization> out = new ArrayList<>();
        switch (request) {
            case TransactWriteItemsRequest t -> {
                for (TransactWriteItem item : t.transactItems()) {
                    if (item.put() != null) {
                        out.add(table("PutItem", item.put().tableName()));
                    } else if (item.update() != null) {
                        out.add(table("UpdateItem", item.update().tableName()));
                    } else if (item.delete() != null) {
                        out.add(table("DeleteItem", item.delete().tableName()));
                    } else if (item.conditionCheck() != null) {
                        out.add(table("ConditionCheckItem", item.conditionCheck().tableName()));
                    }
                }
            }
            case TransactGetItemsRequest t -> t.transactItems().forEach(i -> out.add(table("GetItem", i.get().tableName())));
            case BatchWriteItemRequest b -> b.requestItems().keySet().forEach(name -> out.add(table("BatchWriteItem", name)));
            case BatchGetItemRequest b -> b.requestItems().keySet().forEach(name -> out.add(table("BatchGetItem", name)));
            case QueryRequest q -> out.add(index("Query", q.tableName(), q.indexName()));
            case ScanRequest s -> out.add(index("Scan", s.tableName(), s.indexName()));
            case GetItemRequest g -> out.add(table("GetItem", g.tableName()));
            case PutItemRequest p -> out.add(table("PutItem", p.tableName()));
            case UpdateItemRequest u -> out.add(table("UpdateItem", u.tableName()));
            case DeleteItemRequest d -> out.add(table("DeleteItem", d.tableName()));
            default -> out.add(table(operation, field(request, "TableName").orElse("*")));
        }
        return out;
    }

    private Authorization table(String action, String table) {
        return new Authorization("dynamodb:" + action, "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table);
    }

    private Authorization index(String action, String table, String index) {
        Authorization onTable = table(action, table);
        return index == null ? onTable : new Authorization(onTable.action(), onTable.resource() + "/index/" + index);
    }

    /** SQS authorizes a batch call as its single-message action. */
    private static String sqsAction(String operation) {
        return operation.endsWith("Batch") ? operation.substring(0, operation.length() - "Batch".length()) : operation;
    }

    private String queueArn(SdkRequest request) {
        return field(request, "QueueUrl").map(url -> "arn:aws:sqs:" + region + ":" + account + ":" + url.substring(url.lastIndexOf('/') + 1))
                .or(() -> field(request, "QueueName").map(name -> "arn:aws:sqs:" + region + ":" + account + ":" + name))
                .orElse("*");
    }

    /** A secret's ARN ends in a random six-character suffix; policies name secrets by prefix, so any suffix stands. */
    private String secretArn(SdkRequest request) {
        return field(request, "SecretId").or(() -> field(request, "Name"))
                .map(id -> id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id + "-AbCdEf")
                .orElse("*");
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class);
    }
}
