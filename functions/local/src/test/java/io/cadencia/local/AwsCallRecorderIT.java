package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Attr;
import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.aws.AwsCallRecorder.CallKey;
import io.cadencia.aws.AwsCallRecorder.Units;
import io.cadencia.aws.AwsClients;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The recorder on the real engines, both ways DynamoDB Local is reached: over HTTP its interceptor runs in the SDK's
 * pipeline; in-process the wrapper does the same. DynamoDB Local computes capacity as DynamoDB does (1 KB write units,
 * 4 KB read units halved for eventually consistent reads, an index write per projected item, transactions double).
 */
class AwsCallRecorderIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static final String TABLE = "Recorded";

    @ParameterizedTest
    @EnumSource(EmbeddedAws.DynamoMode.class)
    void recordsEveryCallWithItsResourceAndTheCapacityOfTableAndEachIndex(EmbeddedAws.DynamoMode mode) throws Exception {
        AwsCallRecorder recorder = new AwsCallRecorder();
        try (EmbeddedAws aws = EmbeddedAws.start(clock, mode, Optional.of(recorder))) {
            DynamoDbClient dynamo = aws.clients().dynamo();
            createTable(dynamo);
            String queueUrl = aws.clients().sqs().createQueue(b -> b.queueName("Recorded.fifo")
                    .attributesWithStrings(Map.of("FifoQueue", "true"))).queueUrl();
            aws.clients().secrets().createSecret(b -> b.name("cadencia/t1/key").secretString("s3cr3t"));
            recorder.reset();

            AwsClients worker = aws.clients("WorkerFunction");
            // 1.5 KB: 2 write units on the table and on the index projecting ALL, 1 on the KEYS_ONLY index.
            worker.dynamo().putItem(b -> b.tableName(TABLE).item(item("a", "x".repeat(1500))));
            // A transaction costs double: two small items, 2 each on the table (DynamoDB Local reports 2 for both together)
            // and 2 on each index holding them.
            worker.dynamo().transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                    .put(Put.builder().tableName(TABLE).item(item("b", "small")).build()).build(), TransactWriteItem.builder()
                    .put(Put.builder().tableName(TABLE).item(Map.of("pk", Attr.s("c"))).build()).build()));
            assertThatThrownBy(() -> worker.dynamo().putItem(b -> b.tableName(TABLE).item(item("a", "again"))
                    .conditionExpression("attribute_not_exists(pk)"))).isInstanceOf(ConditionalCheckFailedException.class);
            List<Map<String, AttributeValue>> found = new ArrayList<>();
            worker.dynamo().queryPaginator(b -> b.tableName(TABLE).indexName("all").keyConditionExpression("gpk = :g")
                    .expressionAttributeValues(Map.of(":g", Attr.s("g"))).limit(1)).items().forEach(found::add);
            worker.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("m").messageGroupId("g").messageDeduplicationId("d"));
            worker.secrets().getSecretValue(b -> b.secretId("cadencia/t1/key"));

            AwsCallRecorder.Snapshot snapshot = recorder.reset();
            assertThat(found).hasSize(2);
            assertThat(snapshot.calls()).containsEntry(new CallKey("WorkerFunction", "dynamodb", "PutItem", TABLE), 2L)
                    .containsEntry(new CallKey("WorkerFunction", "dynamodb", "TransactWriteItems", TABLE), 1L)
                    .containsEntry(new CallKey("WorkerFunction", "sqs", "SendMessage", "Recorded.fifo"), 1L)
                    .containsEntry(new CallKey("WorkerFunction", "secretsmanager", "GetSecretValue", "cadencia/t1/key"), 1L);
            // One query per page: two items, one per page, and a last empty page.
            assertThat(snapshot.count("dynamodb", "Query")).isEqualTo(3);
            assertThat(snapshot.calls()).containsKey(new CallKey("WorkerFunction", "dynamodb", "Query", TABLE + "/index/all"));
            Map<String, Units> byResource = snapshot.byResource();
            // The refused conditional put: one write unit, estimated (DynamoDB reports none but bills at least one).
            assertThat(byResource.get(TABLE).write()).isEqualTo(2 + 4 + 1);
            assertThat(byResource.get(TABLE + "/index/all").write()).isEqualTo(2 + 2);
            assertThat(byResource.get(TABLE + "/index/keys").write()).isEqualTo(1 + 2);
            assertThat(byResource.get(TABLE + "/index/all").read()).isPositive();
            assertThat(snapshot.total().write()).isEqualTo(7 + 4 + 3);
            assertThat(recorder.snapshot().totalCalls()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddedAws.DynamoMode.class)
    void callsFromManyThreadsAreAllCounted(EmbeddedAws.DynamoMode mode) throws Exception {
        AwsCallRecorder recorder = new AwsCallRecorder();
        List<AwsCallRecorder.Call> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        recorder.onCall(seen::add);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (EmbeddedAws aws = EmbeddedAws.start(clock, mode, Optional.of(recorder))) {
            createTable(aws.clients().dynamo());
            recorder.reset();
            seen.clear();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String pk = "k" + i;
                writes.add(pool.submit(() -> aws.clients("F" + (pk.hashCode() & 1)).dynamo()
                        .putItem(b -> b.tableName(TABLE).item(Map.of("pk", Attr.s(pk))))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            AwsCallRecorder.Snapshot snapshot = recorder.snapshot();
            assertThat(snapshot.count("dynamodb", "PutItem")).isEqualTo(200);
            assertThat(snapshot.total()).isEqualTo(new Units(0, 200));
            assertThat(seen).hasSize(200).allSatisfy(call -> assertThat(call.function()).isIn("F0", "F1"));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, AttributeValue> item(String pk, String payload) {
        return Map.of("pk", Attr.s(pk), "gpk", Attr.s("g"), "payload", Attr.s(payload));
    }

    private static void createTable(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk"), attribute("gpk"))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(index("all", ProjectionType.ALL), index("keys", ProjectionType.KEYS_ONLY)));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static GlobalSecondaryIndex index(String name, ProjectionType projection) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(KeySchemaElement.builder().attributeName("gpk").keyType(KeyType.HASH).build())
                .projection(p -> p.projectionType(projection)).build();
    }
}
