package io.cadencia.local.cost;

import io.cadencia.aws.AwsCallRecorder;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The AWS calls the functions made during the measured stretch, as AWS bills them, from the {@link AwsCallRecorder}
 * on every function's clients.
 *
 * @param sqsRequests       the functions' SQS requests, each counted in 64 KB chunks of its payload as SQS bills
 *                          them (a batch is one request, its entries' payloads summed)
 * @param dynamoWriteUnits  DynamoDB on-demand write request units: the consumed capacity DynamoDB reported per table
 *                          and index (on-demand bills request units with the same rounding as capacity units;
 *                          transactional writes count double), plus a unit per refused conditional write, which is
 *                          billed but reports none
 * @param dynamoReadUnits   DynamoDB read request units, from the consumed capacity likewise
 * @param byOperation       calls per "Service Operation", over every function
 * @param dynamoUnits       the consumed capacity per table and index, over every function: where the units go
 */
public record AwsCallTotals(long sqsRequests, double dynamoWriteUnits, double dynamoReadUnits, long secretsManagerCalls,
                            long kmsRequests, Map<String, Long> byOperation, Map<String, AwsCallRecorder.Units> dynamoUnits) {

    /** SQS bills each 64 KB chunk of a request's payload as one request. */
    static final int SQS_CHUNK_BYTES = 64 * 1024;
    private static final Set<String> SINGLE_ITEM_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem");

    static AwsCallTotals of(AwsCallRecorder recorder, long sqsRequests, double refusedWriteUnits) {
        Map<String, Long> byOperation = new TreeMap<>();
        long secrets = 0;
        long kms = 0;
        for (Map.Entry<AwsCallRecorder.Key, Long> e : recorder.calls().entrySet()) {
            AwsCallRecorder.Key key = e.getKey();
            byOperation.merge(key.service() + " " + key.operation(), e.getValue(), Long::sum);
            secrets += key.service().equals("SecretsManager") ? e.getValue() : 0;
            kms += key.service().equals("Kms") ? e.getValue() : 0;
        }
        Map<String, AwsCallRecorder.Units> units = new TreeMap<>();
        recorder.capacity().forEach((key, u) -> units.merge(key.resource(), u,
                (a, b) -> new AwsCallRecorder.Units(a.read() + b.read(), a.write() + b.write())));
        return new AwsCallTotals(sqsRequests, recorder.writeUnits() + refusedWriteUnits, recorder.readUnits(), secrets, kms, byOperation, units);
    }

    /** The SQS requests one call is billed as: one per started 64 KB of the messages it sends, at least one. */
    static long sqsRequests(AwsCallRecorder.Call call) {
        if (!call.service().equals("Sqs")) {
            return 0;
        }
        long bytes = switch (call.request()) {
            case SendMessageRequest r -> payload(r.messageBody(), r.messageAttributes());
            case SendMessageBatchRequest r -> r.entries().stream().mapToLong(m -> payload(m.messageBody(), m.messageAttributes())).sum();
            default -> 0;
        };
        return Math.max(1, (bytes + SQS_CHUNK_BYTES - 1) / SQS_CHUNK_BYTES);
    }

    /**
     * Write units of a refused write, which DynamoDB bills but reports none of: taken as one unit per item (the items
     * here are under 1 KB), two per item of a transaction; a refused write changes no index.
     */
    static double refusedWriteUnits(AwsCallRecorder.Call call) {
        if (call.succeeded() || !call.service().equals("DynamoDb")) {
            return 0;
        }
        if (call.request() instanceof TransactWriteItemsRequest transaction) {
            return 2.0 * transaction.transactItems().size();
        }
        return SINGLE_ITEM_WRITES.contains(call.operation()) ? 1 : 0;
    }

    private static long payload(String body, Map<String, MessageAttributeValue> attributes) {
        long bytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            MessageAttributeValue v = a.getValue();
            bytes += utf8(a.getKey()) + utf8(v.dataType()) + utf8(v.stringValue()) + (v.binaryValue() == null ? 0 : v.binaryValue().asByteArray().length);
        }
        return bytes;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
