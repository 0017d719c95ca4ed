package io.cadencia.local.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cold-start bench's baseline ({@code ./cadencia bench coldstart}): each function's request written the plain
 * way, on the SDK's defaults (its default HTTP client, Apache 5, and default everything else), a default Jackson
 * {@code ObjectMapper}, clients built in the constructor, no priming. Each makes the same kinds of AWS calls on the
 * same tables and queues as the Cadência handler it stands beside, under keys of its own ({@code naive#…}), so the
 * two pay for the same SDK machinery on their first request. Not deployed anywhere: the bench runs it under the
 * Lambda runtime client like the real jar.
 */
public final class NaiveHandlers {

    private NaiveHandlers() {
    }

    /** A scheduler tick: claim it, list the active tenants (16 index shards), one message each, mark it done. */
    public static final class Dispatcher implements RequestHandler<Map<String, Object>, Map<String, Object>> {

        private final DynamoDbClient dynamo = DynamoDbClient.create();
        private final SqsClient sqs = SqsClient.create();
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            String job = (String) event.get("job");
            String time = (String) event.get("scheduledTime");
            String runs = System.getenv("RUNS_TABLE");
            Map<String, AttributeValue> key = Map.of("pk", s("naive#" + job), "sk", s(time));
            dynamo.putItem(b -> b.tableName(runs).item(Map.of("pk", key.get("pk"), "sk", key.get("sk"), "status", s("in_progress")))
                    .conditionExpression("attribute_not_exists(pk)"));
            List<String> tenants = new ArrayList<>();
            for (int shard = 0; shard < 16; shard++) {
                String value = String.format("ACTIVE#%02d", shard);
                dynamo.query(b -> b.tableName(System.getenv("TENANTS_TABLE")).indexName("activeTenants")
                        .keyConditionExpression("activeShard = :s").expressionAttributeValues(Map.of(":s", s(value))))
                        .items().forEach(item -> tenants.add(item.get("pk").s()));
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (String tenant : tenants) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .messageBody(write(json, Map.of("job", job, "tenantId", tenant, "scheduledTime", time)))
                        .messageGroupId(tenant).messageDeduplicationId("naive#" + job + "#" + tenant + "#" + time).build());
            }
            if (!entries.isEmpty()) {
                sqs.sendMessageBatch(b -> b.queueUrl(System.getenv("QUEUE_URL_" + System.getenv("CATEGORY").toUpperCase()))
                        .entries(entries));
            }
            dynamo.updateItem(b -> b.tableName(runs).key(key).updateExpression("SET #s = :done")
                    .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":done", s("done"))));
            return Map.of("status", "DISPATCHED", "tenants", tenants.size(), "messages", entries.size());
        }
    }

    /** An SQS batch: per message, the tenant, a claim of its run, the tenant's work items, the run marked done. */
    public static final class Worker implements RequestHandler<Map<String, Object>, Map<String, Object>> {

        private final DynamoDbClient dynamo = DynamoDbClient.create();
        private final ObjectMapper json = new ObjectMapper();

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            String runs = System.getenv("RUNS_TABLE");
            for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
                Map<String, Object> body = read(json, (String) record.get("body"));
                String tenant = (String) body.get("tenantId");
                dynamo.getItem(b -> b.tableName(System.getenv("TENANTS_TABLE")).key(Map.of("pk", s(tenant), "sk", s("PROFILE"))));
                Map<String, AttributeValue> key = Map.of("pk", s(tenant), "sk", s("naive#" + body.get("scheduledTime") + "#" + body.get("job")));
                dynamo.putItem(b -> b.tableName(runs).item(Map.of("pk", key.get("pk"), "sk", key.get("sk"), "status", s("in_progress")))
                        .conditionExpression("attribute_not_exists(pk)"));
                dynamo.query(b -> b.tableName(System.getenv("WORK_TABLE")).keyConditionExpression("pk = :t")
                        .expressionAttributeValues(Map.of(":t", s(tenant))).limit(100));
                dynamo.updateItem(b -> b.tableName(runs).key(key).updateExpression("SET #s = :done")
                        .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":done", s("done"))));
            }
            return Map.of("batchItemFailures", List.of());
        }
    }

    /** The operator's status: each job's last run (the {@code NAIVE_JOBS} the bench passes) and each queue's depth. */
    public static final class Control implements RequestHandler<Map<String, Object>, Map<String, Object>> {

        private final DynamoDbClient dynamo = DynamoDbClient.create();
        private final SqsClient sqs = SqsClient.create();

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            Map<String, Object> status = new LinkedHashMap<>();
            for (String job : System.getenv("NAIVE_JOBS").split(",")) {
                status.put(job, dynamo.query(b -> b.tableName(System.getenv("RUNS_TABLE")).indexName("byJob")
                        .keyConditionExpression("jobPk = :j").expressionAttributeValues(Map.of(":j", s(job)))
                        .scanIndexForward(false).limit(1)).count());
            }
            System.getenv().forEach((name, url) -> {
                if (name.startsWith("QUEUE_URL_") || name.startsWith("DLQ_URL_")) {
                    status.put(name, sqs.getQueueAttributes(b -> b.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributesAsStrings());
                }
            });
            return status;
        }
    }

    /** Billings: the tenant, then per billing one transaction with its cycle and its four reminder messages. */
    public static final class Ingest implements RequestHandler<Map<String, Object>, Map<String, Object>> {

        private final DynamoDbClient dynamo = DynamoDbClient.create();
        private final ObjectMapper json = new ObjectMapper();

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            String tenant = (String) event.get("tenantId");
            String work = System.getenv("WORK_TABLE");
            dynamo.getItem(b -> b.tableName(System.getenv("TENANTS_TABLE")).key(Map.of("pk", s(tenant), "sk", s("PROFILE"))));
            int created = 0;
            for (Map<String, Object> billing : (List<Map<String, Object>>) event.get("billings")) {
                String id = (String) billing.get("externalBillingId");
                List<TransactWriteItem> items = new ArrayList<>();
                items.add(put(work, Map.of("pk", s(tenant), "sk", s("naive#cycle#" + id), "billing", s(write(json, billing)))));
                for (String step : List.of("D-3", "D0", "D+3", "D+7")) {
                    items.add(put(work, Map.of("pk", s(tenant), "sk", s("naive#msg#" + id + "#" + step), "status", s("pending"))));
                }
                dynamo.transactWriteItems(b -> b.transactItems(items));
                created++;
            }
            return Map.of("received", created, "created", created);
        }

        private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
            return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)").build()).build();
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(ObjectMapper json, String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message body is not JSON: " + e.getOriginalMessage());
        }
    }
}
