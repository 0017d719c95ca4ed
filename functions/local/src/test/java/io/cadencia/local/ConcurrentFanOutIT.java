package io.cadencia.local;

import io.cadencia.config.RuntimeConfig;
import io.cadencia.dispatch.SqsWorkQueue;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.TenantId;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dispatcher's concurrent fan-out on ElasticMQ: SendMessageBatch calls overlap (never more than
 * {@link SqsWorkQueue#CONCURRENCY}), every message lands exactly once, entries refused once are retried, and the
 * entries still refused are all named in one error. Refusals are injected by an SDK interceptor, which takes the
 * entries out of the request (so they really are not sent) and reports them failed in the response.
 */
class ConcurrentFanOutIT {

    private static final Instant TICK = Instant.parse("2026-11-24T13:00:00Z");

    static SQSRestServer elasticmq;
    static final Refusals refusals = new Refusals();
    static SqsClient sqs;
    static ExecutorService sends;
    String url;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        elasticmq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).withAWSRegion(EmbeddedAws.REGION.id())
                .withAWSAccountId("000000000000").start();
        elasticmq.waitUntilStarted();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        sqs = EmbeddedAws.clientsFor(endpoint, endpoint, endpoint, Optional.empty(), refusals).sqs();
        sends = Executors.newFixedThreadPool(SqsWorkQueue.CONCURRENCY);
    }

    @AfterAll
    static void stop() {
        sends.shutdown();
        sqs.close();
        elasticmq.stopAndWait();
    }

    @BeforeEach
    void freshQueue() {
        refusals.reset();
        url = sqs.createQueue(b -> b.queueName("Fanout" + System.nanoTime() + ".fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "600"))).queueUrl();
    }

    @Test
    void everyMessageIsSentExactlyOnceWithCallsSideBySideAndRefusalsRetried() {
        List<WorkMessage> messages = messages(410);
        // Refused once with a server fault: the batch retries them.
        refusals.once.addAll(Set.of(dedup(messages, 7), dedup(messages, 200), dedup(messages, 409)));

        int sent = queue().send("report", messages);

        assertThat(sent).isEqualTo(410);
        assertThat(received()).containsExactlyInAnyOrderElementsOf(messages.stream().map(m -> m.runId().deduplicationId()).toList());
        assertThat(refusals.refusedTimes.get()).isEqualTo(3);
        assertThat(refusals.maxInFlight.get()).as("calls overlap, within the bound").isBetween(2, SqsWorkQueue.CONCURRENCY);
    }

    @Test
    void entriesStillRefusedAreAllNamedAndEveryOtherMessageIsSentOnce() {
        List<WorkMessage> messages = messages(300);
        // Sender faults (never retried), in three different batches, and a transient refusal that the retry clears.
        List<String> refused = List.of(dedup(messages, 3), dedup(messages, 154), dedup(messages, 299));
        refusals.always.addAll(refused);
        refusals.once.add(dedup(messages, 42));

        assertThatThrownBy(() -> queue().send("report", messages))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused 3 of 300 message(s)")
                .hasMessageContaining(refused.get(0) + " (InvalidParameterValue: ")
                .hasMessageContaining(refused.get(1) + " (InvalidParameterValue: ")
                .hasMessageContaining(refused.get(2) + " (InvalidParameterValue: ")
                .message().doesNotContain(dedup(messages, 42));
        List<String> expected = messages.stream().map(m -> m.runId().deduplicationId()).filter(id -> !refused.contains(id)).toList();
        assertThat(received()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private SqsWorkQueue queue() {
        return new SqsWorkQueue(sqs, new RuntimeConfig(Map.of("QUEUE_URL_REPORT", url)), sends);
    }

    private static List<WorkMessage> messages(int tenants) {
        List<WorkMessage> messages = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            messages.add(new WorkMessage("gerar_relatorio", "report", TenantId.of(String.format("tenant-%05d", i)), TICK,
                    "/jobs/report", Trigger.SCHEDULE));
        }
        return messages;
    }

    private static String dedup(List<WorkMessage> messages, int index) {
        return messages.get(index).runId().deduplicationId();
    }

    /** The deduplication id of every message in the queue, one per message received. */
    private List<String> received() {
        List<String> ids = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
            if (batch.isEmpty()) {
                return ids;
            }
            batch.forEach(m -> ids.add(m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)));
        }
    }

    /** Refuses chosen entries of SendMessageBatch calls and counts the calls in flight. */
    static final class Refusals implements ExecutionInterceptor {
        private static final ExecutionAttribute<List<String>> TAKEN_OUT = new ExecutionAttribute<>("refused-entries");
        private static final ExecutionAttribute<Boolean> SENDER_FAULT = new ExecutionAttribute<>("sender-fault");

        final Set<String> once = ConcurrentHashMap.newKeySet();
        final Set<String> always = ConcurrentHashMap.newKeySet();
        final AtomicInteger refusedTimes = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        void reset() {
            once.clear();
            always.clear();
            refusedTimes.set(0);
            maxInFlight.set(0);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageBatchRequest) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageBatchRequest) {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof SendMessageBatchRequest request)) {
                return context.request();
            }
            List<SendMessageBatchRequestEntry> kept = new ArrayList<>();
            List<String> takenOut = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                String id = entry.messageDeduplicationId();
                if (always.contains(id)) {
                    attributes.putAttribute(SENDER_FAULT, true);
                    takenOut.add(entry.id());
                } else if (once.remove(id)) {
                    refusedTimes.incrementAndGet();
                    takenOut.add(entry.id());
                } else {
                    kept.add(entry);
                }
            }
            attributes.putAttribute(TAKEN_OUT, takenOut);
            return request.toBuilder().entries(kept).build();
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            List<String> takenOut = attributes.getAttribute(TAKEN_OUT);
            if (!(context.response() instanceof SendMessageBatchResponse response) || takenOut == null || takenOut.isEmpty()) {
                return context.response();
            }
            boolean senderFault = Boolean.TRUE.equals(attributes.getAttribute(SENDER_FAULT));
            List<BatchResultErrorEntry> failed = new ArrayList<>(response.failed());
            takenOut.forEach(id -> failed.add(BatchResultErrorEntry.builder().id(id).senderFault(senderFault)
                    .code(senderFault ? "InvalidParameterValue" : "InternalError").message("refused by the test").build()));
            return response.toBuilder().failed(failed).build();
        }
    }
}
