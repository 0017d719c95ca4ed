package io.cadencia.work;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.config.RuntimeConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQS side of one worker batch: the event's messages as {@link Delivery deliveries}, their dead-lettering and
 * visibility, and the partial-batch response that hands messages back to Lambda's event source.
 */
public final class SqsWorkBatch implements Redelivery {

    /** Under the handler's name: the worker function's log lines read as one stream. */
    private static final Logger LOG = LogManager.getLogger("io.cadencia.lambda.WorkerHandler");

    private final Map<String, SQSEvent.SQSMessage> records = new LinkedHashMap<>();
    private final SqsClient sqs;
    private final RuntimeConfig config;

    public SqsWorkBatch(SQSEvent event, SqsClient sqs, RuntimeConfig config) {
        if (event != null && event.getRecords() != null) {
            event.getRecords().forEach(record -> records.put(record.getMessageId(), record));
        }
        this.sqs = sqs;
        this.config = config;
    }

    public List<Delivery> deliveries() {
        List<Delivery> deliveries = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records.values()) {
            int receives = receiveCount(record);
            try {
                var work = WorkMessages.parse(record.getBody());
                deliveries.add(new Delivery.Parsed(record.getMessageId(), groupOf(record).orElse(work.tenantId()), receives, work));
            } catch (WorkMessages.MalformedMessageException e) {
                deliveries.add(new Delivery.Malformed(record.getMessageId(),
                        groupOf(record).orElse("message " + record.getMessageId()), receives, e.getMessage()));
            }
        }
        return deliveries;
    }

    public SQSBatchResponse response(BatchRunner.Result result) {
        return SQSBatchResponse.builder().withBatchItemFailures(result.handedBack().keySet().stream()
                .map(SQSBatchResponse.BatchItemFailure::new).toList()).build();
    }

    @Override
    public void deadLetter(Delivery delivery, String category, String reason) {
        SQSEvent.SQSMessage record = records.get(delivery.id());
        sqs.sendMessage(b -> b.queueUrl(config.deadLetterUrl(category))
                .messageBody(record.getBody() == null ? "" : record.getBody())
                .messageGroupId(groupOf(record).orElse("malformed"))
                .messageDeduplicationId(record.getMessageId())
                .messageAttributes(Map.of("error", text(reason), "sourceMessageId", text(record.getMessageId()))));
    }

    /**
     * Lambda's event source leaves a reported message for the queue's whole visibility timeout; this makes the
     * retry delay the one the run needs. A FIFO group stays locked while any of its messages is in flight, so the
     * later messages of the group get the same delay.
     */
    @Override
    public void delay(String category, Map<String, Duration> delays) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        delays.forEach((id, delay) -> {
            SQSEvent.SQSMessage record = records.get(id);
            if (record != null && record.getReceiptHandle() != null) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + entries.size())
                        .receiptHandle(record.getReceiptHandle()).visibilityTimeout((int) delay.toSeconds()).build());
            }
        });
        if (entries.isEmpty()) {
            return;
        }
        try {
            var response = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(config.queueUrl(category)).entries(entries));
            response.failed().forEach(f -> LOG.warn("could not delay redelivery of {}: {} {}; it comes back after the queue's visibility timeout",
                    f.id(), f.code(), f.message()));
        } catch (RuntimeException e) {
            LOG.warn("could not delay redelivery of {} messages; they come back after the queue's visibility timeout", entries.size(), e);
        }
    }

    /** The message's FIFO group; absent for a direct invocation, whose messages group by tenant. */
    private static Optional<String> groupOf(SQSEvent.SQSMessage record) {
        return Optional.ofNullable(record.getAttributes()).map(a -> a.get("MessageGroupId"));
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
