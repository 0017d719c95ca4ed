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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Sends work to a category's FIFO queue, ten per SendMessageBatch call: group id = tenant, deduplication id =
 * the run's ({@link RunId#deduplicationId()}). The calls of one send run side by side on {@code sends}, at most
 * {@link #CONCURRENCY} at a time; order across calls does not matter, because a tick has one message per tenant and
 * the FIFO group is the tenant. Entries a batch refuses are retried; what still fails is an error naming them.
 */
public final class SqsWorkQueue implements DispatchPorts.WorkQueue {

    /**
     * SendMessageBatch calls in flight per dispatcher. A call mostly waits on the network (the url-connection client
     * blocks its thread), so a few threads are enough to keep a 1 GB Lambda's ~0.6 vCPU busy signing and
     * serialising, and more would only contend for it. At an in-region round trip of some 15-20 ms (an estimate, not
     * measured here), 5 in flight make 250-330 calls/s: about the 300 calls/s per action a FIFO queue accepts outside
     * high-throughput mode, beyond which calls are throttled. 5 is also the JDK's keep-alive cache per host
     * ({@code http.maxConnections}), so every call reuses a pooled TLS connection instead of opening a new one.
     */
    public static final int CONCURRENCY = 5;

    private static final int BATCH = 10;
    private static final int ATTEMPTS = 3;

    private final SqsClient sqs;
    private final RuntimeConfig config;
    private final Executor sends;

    /** @param sends runs the calls; it must not run more than {@link #CONCURRENCY} at a time */
    public SqsWorkQueue(SqsClient sqs, RuntimeConfig config, Executor sends) {
        this.sqs = sqs;
        this.config = config;
        this.sends = sends;
    }

    /**
     * Returns only when every call has ended, so no send is still running when the invocation ends and Lambda
     * freezes the container. Then throws if any entry was refused (naming every refused one, across all calls) or a
     * call failed; the batches that went through stay sent, and a retry of the tick is deduplicated by SQS.
     */
    @Override
    public int send(String category, List<WorkMessage> messages) {
        String url = config.queueUrl(category);
        List<CompletableFuture<List<String>>> calls = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<WorkMessage> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
            calls.add(CompletableFuture.supplyAsync(() -> sendBatch(url, batch), sends));
        }
        List<String> refused = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (CompletableFuture<List<String>> call : calls) {
            try {
                refused.addAll(call.join());
            } catch (CompletionException e) {
                failures.add(e.getCause() instanceof RuntimeException cause ? cause : e);
            }
        }
        if (refused.isEmpty() && failures.isEmpty()) {
            return messages.size();
        }
        RuntimeException error = refused.isEmpty() ? failures.removeFirst()
                : new IllegalStateException("SendMessageBatch to " + url + " refused " + refused.size() + " of " + messages.size()
                        + " message(s):" + String.join("", refused));
        failures.forEach(error::addSuppressed);
        throw error;
    }

    /** Sends one batch, retrying what it refuses; returns each entry still refused as " dedupId (code: message)". */
    private List<String> sendBatch(String url, List<WorkMessage> batch) {
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
        List<String> refused = new ArrayList<>();
        for (BatchResultErrorEntry e : errors) {
            refused.add(" " + pending.get(e.id()).messageDeduplicationId() + " (" + e.code() + ": " + e.message() + ")");
        }
        return refused;
    }

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

    /** The body WorkMessages.parse reads back. */
    public static String toJson(WorkMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", message.job());
        body.put("category", message.category());
        body.put("tenantId", message.tenantId());
        body.put("scheduledTime", message.scheduledTime().toString());
        body.put("endpoint", message.endpoint());
        body.put("trigger", message.trigger().wire());
        if (!message.coalescible()) {
            body.put("coalesce", false);
        }
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
