package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.aws.AwsCallRecorder.CapacityKey;
import io.cadencia.aws.AwsCallRecorder.Key;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recorder on real engines: DynamoDB Local reports capacity per table and index when asked, SQS calls count. */
class AwsCallRecorderIT {

    static LocalEnvironment env;
    static AwsCallRecorder recorder = new AwsCallRecorder();
    static DynamoDbClient dynamo;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, "local"));
        dynamo = DynamoDbClient.builder().endpointOverride(env.aws().dynamoEndpoint()).region(EmbeddedAws.REGION).credentialsProvider(credentials)
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder.interceptor("WorkerFunction")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sqs = SqsClient.builder().endpointOverride(env.aws().sqsEndpoint()).region(EmbeddedAws.REGION).credentialsProvider(credentials)
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder.interceptor("DispatcherFunction")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        sqs.close();
        env.close();
    }

    @Test
    void countsCallsAndTheCapacityEachTableAndIndexConsumed() {
        recorder.reset();
        List<AwsCallRecorder.Call> seen = new ArrayList<>();
        recorder.onCall(seen::add);
        String table = env.deployment().resolve("WorkTable");
        // Indexed by the due index: the write costs the table and the index.
        Map<String, AttributeValue> item = Map.of("pk", s("t1"), "sk", s("MSG#1"), "duePk", s("DUE#0"), "dueSk", s("2026-11-24T12:00Z#t1"));
        dynamo.putItem(b -> b.tableName(table).item(item));
        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
        dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("t1"), "sk", s("MSG#1"))));
        String queue = env.deployment().resolve("ReportQueue");
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{}").messageGroupId("t1").messageDeduplicationId("d1"));

        assertThat(recorder.calls()).containsEntry(new Key("WorkerFunction", "DynamoDb", "PutItem", table), 2L)
                .containsEntry(new Key("WorkerFunction", "DynamoDb", "GetItem", table), 1L)
                .containsEntry(new Key("DispatcherFunction", "Sqs", "SendMessage", queue), 1L);
        AwsCallRecorder.Units onTable = recorder.capacity().get(new CapacityKey("WorkerFunction", table));
        AwsCallRecorder.Units onIndex = recorder.capacity().get(new CapacityKey("WorkerFunction", table + "/index/due"));
        assertThat(onTable.write()).as("one small put").isEqualTo(1.0);
        assertThat(onTable.read()).as("one eventually consistent small get").isEqualTo(0.5);
        assertThat(onIndex.write()).as("the due index's copy").isEqualTo(1.0);
        assertThat(recorder.writeUnits()).isEqualTo(2.0);
        assertThat(seen).extracting(AwsCallRecorder.Call::operation).containsExactly("PutItem", "PutItem", "GetItem", "SendMessage");
        assertThat(seen).extracting(AwsCallRecorder.Call::succeeded).containsExactly(true, false, true, true);
    }

    @Test
    void aTransactionalWriteIsReportedAtTwiceTheUnitsAsDynamoDbBillsIt() {
        recorder.reset();
        String table = env.deployment().resolve("RunsTable");
        dynamo.transactWriteItems(b -> b.transactItems(i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("RUN#1"), "sk", s("t1"))))));

        assertThat(recorder.capacity().get(new CapacityKey("WorkerFunction", table)).write()).isEqualTo(2.0);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
