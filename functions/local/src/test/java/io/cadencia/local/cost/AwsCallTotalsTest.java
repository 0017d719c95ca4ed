package io.cadencia.local.cost;

import io.cadencia.aws.AwsCallRecorder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** How recorded calls are billed: SQS in 64 KB chunks per request, refused DynamoDB writes at a unit per item. */
class AwsCallTotalsTest {

    @Test
    void anSqsRequestIsBilledPerStarted64KbOfItsPayloadAndABatchIsOneRequest() {
        assertThat(sqs(SendMessageRequest.builder().messageBody("x".repeat(65_536)).build())).isEqualTo(1);
        assertThat(sqs(SendMessageRequest.builder().messageBody("x".repeat(65_537)).build())).isEqualTo(2);
        SendMessageBatchRequestEntry small = SendMessageBatchRequestEntry.builder().id("1").messageBody("{}").build();
        assertThat(sqs(SendMessageBatchRequest.builder().entries(small, small, small).build())).isEqualTo(1);
        SendMessageBatchRequestEntry large = SendMessageBatchRequestEntry.builder().id("1").messageBody("x".repeat(40_000)).build();
        assertThat(sqs(SendMessageBatchRequest.builder().entries(large, large).build())).isEqualTo(2);
        assertThat(sqs(DeleteMessageRequest.builder().build())).isEqualTo(1);
        assertThat(AwsCallTotals.sqsRequests(new AwsCallRecorder.Call("f", "DynamoDb", "PutItem", PutItemRequest.builder().build(), true)))
                .isZero();
    }

    @Test
    void aRefusedWriteIsBilledAUnitPerItemAndTwoInATransaction() {
        assertThat(refused("PutItem", PutItemRequest.builder().build(), false)).isEqualTo(1);
        assertThat(refused("PutItem", PutItemRequest.builder().build(), true)).as("its units are reported").isZero();
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName("t").build()).build();
        assertThat(refused("TransactWriteItems", TransactWriteItemsRequest.builder().transactItems(put, put).build(), false)).isEqualTo(4);
    }

    private static long sqs(software.amazon.awssdk.core.SdkRequest request) {
        return AwsCallTotals.sqsRequests(new AwsCallRecorder.Call("f", "Sqs", "Op", request, true));
    }

    private static double refused(String operation, software.amazon.awssdk.core.SdkRequest request, boolean succeeded) {
        return AwsCallTotals.refusedWriteUnits(new AwsCallRecorder.Call("f", "DynamoDb", operation, request, succeeded));
    }
}
