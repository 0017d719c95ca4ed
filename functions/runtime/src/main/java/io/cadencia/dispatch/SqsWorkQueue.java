package io.cadencia.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cadencia.aws.Json;
import io.cadencia.config.RuntimeConfig;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends work to a category's FIFO queue, ten per SendMessageBatch call: group id = tenant, deduplication id =
 * the run's ({@link RunId#deduplicationId()}). Entries the batch refuses are retried; what still fails is an error naming them.
 */
public final class SqsWorkQueue implements DispatchPorts.WorkQueue {

    private static final int BATCH = 10;
    private static final int ATTEMPTS = 3;

    private final SqsClient sqs;
    private final RuntimeConfig config;

    public SqsWorkQueue(SqsClient sqs, RuntimeConfig config) {
        this.sqs = sqs;
        this.config = config;
    }

    @Override
    public int send(String category, List<WorkMessage> messages) {
        String url = config.queueUrl(category);
        int sent = 0;
        for (int from = 0; from < messages.size(); from += BATCH) {
            sent += sendBatch(url, messages.subList(from, Math.min(messages.size(), from + BATCH)));
        }
        return sent;
    }

    private int sendBatch(String url, List<WorkMessage> batch) {
        Map<String, SendMessageBatchRequestEntry> pending = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            WorkMessage m = batch.get(i);
            pending.put(Integer.toString(i), SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(toJson(m))
                    .messageGroupId(m.tenantId())
                    .messageDeduplicationId(m.runId().deduplicationId())
                    .build());
        }
        List<BatchResultErrorEntry> errors = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(new ArrayList<>(pending.values())));
            response.successful().forEach(ok -> pending.remove(ok.id()));
            errors = response.failed();
            // Sender faults (bad input) will fail the same way again: stop retrying them.
            if (errors.stream().allMatch(BatchResultErrorEntry::senderFault)) {
                break;
            }
        }
        if (!pending.isEmpty()) {
            StringBuilder why = new StringBuilder("SendMessageBatch to " + url + " refused " + pending.size() + " message(s):");
            for (BatchResultErrorEntry e : errors) {
                why.append(' ').append(pending.get(e.id()).messageDeduplicationId()).append(" (").append(e.code()).append(": ").append(e.message()).append(')');
            }
            throw new IllegalStateException(why.toString());
        }
        return batch.size();
    }

    /** The body WorkMessages.parse reads back. */
    /** The category's queue: messages waiting, in flight, and dead-lettered; the error instead if SQS cannot say. */
    public Map<String, Object> depth(String category) {
        Map<String, Object> depth = new java.util.LinkedHashMap<>();
        try {
            Map<String, String> main = attributes(config.queueUrl(category));
            depth.put("waiting", Integer.parseInt(main.getOrDefault("ApproximateNumberOfMessages", "0")));
            depth.put("inFlight", Integer.parseInt(main.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0")));
            depth.put("deadLettered", Integer.parseInt(attributes(config.deadLetterUrl(category))
                    .getOrDefault("ApproximateNumberOfMessages", "0")));
        } catch (RuntimeException e) {
            depth.put("error", e.getMessage());
        }
        return depth;
    }

    private Map<String, String> attributes(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    }

    public static String toJson(WorkMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", message.job());
        body.put("category", message.category());
        body.put("tenantId", message.tenantId());
        body.put("scheduledTime", message.scheduledTime().toString());
        body.put("endpoint", message.endpoint());
        body.put("trigger", message.trigger().wire());
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
