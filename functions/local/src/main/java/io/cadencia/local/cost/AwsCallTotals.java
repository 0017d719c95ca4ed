package io.cadencia.local.cost;

/**
 * The AWS calls the functions made during the measured stretch, as the SDK execution interceptor records them
 * ({@code io.cadencia.aws.AwsCallRecorder}, attached to every client of the embedded stack).
 *
 * @param sqsRequests       SQS requests, each counted in 64 KB chunks of its payload as SQS bills them
 * @param dynamoWriteUnits  DynamoDB write request units, from the consumed capacity of each call (indexes included)
 * @param dynamoReadUnits   DynamoDB read request units, likewise
 */
public record AwsCallTotals(long sqsRequests, double dynamoWriteUnits, double dynamoReadUnits, long secretsManagerCalls,
                            long kmsRequests, java.util.Map<String, Long> byOperation) {
}
