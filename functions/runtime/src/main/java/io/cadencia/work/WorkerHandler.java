package io.cadencia.work;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.dispatch.PauseState;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.observability.LogContext;
import io.cadencia.retry.RetryBackoff;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * SQS FIFO worker of a category. Messages run in batch order; when one tenant's message fails, that message and
 * every later message of the same group are reported as failures (so the group keeps its order), while the
 * other tenants' messages in the batch are acknowledged. A message that can never succeed (malformed, unknown job)
 * goes straight to the dead-letter queue with the reason, instead of blocking its group for every retry.
 *
 * <p>A run that failed but may succeed later (a tenant endpoint that is down) comes back after a growing delay:
 * the worker sets the visibility of the failed message and of the later messages of its group to
 * {@code WORK_RETRY_BASE} (30 s) doubling per attempt up to {@code WORK_RETRY_MAX} (15 min), jittered between half
 * the ceiling and the ceiling, because the Lambda event source itself leaves them for the queue's whole visibility
 * timeout. When the run's attempts (counted by its claim) reach {@code WORK_MAX_ATTEMPTS} (5), the message goes to
 * the dead-letter queue with the reason and is acknowledged, so the tenant's later work continues.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LogManager.getLogger(WorkerHandler.class);
    /** Below this much remaining time, the rest of the batch is handed back rather than risk a timeout. */
    private static final long TIME_RESERVE_MILLIS = 15_000;
    /** Kept back from every job's deadline: recording the run, acknowledging, flushing metrics. */
    private static final long FINISH_RESERVE_MILLIS = 3_000;
    /** Without a Lambda context (a direct call), the 60 s Timeout of template.yaml's Globals. */
    private static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
    private final Cadencia app;
    private final RetryBackoff redelivery;

    public WorkerHandler() {
        this(Cadencia.fromEnvironment());
    }

    public WorkerHandler(Cadencia app) {
        this.app = app;
        this.redelivery = new RetryBackoff(app.config().duration("WORK_RETRY_BASE", Duration.ofSeconds(30)), 2.0,
                app.config().duration("WORK_RETRY_MAX", Duration.ofMinutes(15)), maxAttempts(app));
    }

    private static int maxAttempts(Cadencia app) {
        String value = app.config().optional("WORK_MAX_ATTEMPTS").orElse("5");
        if (!value.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("WORK_MAX_ATTEMPTS value '" + value + "' must be a whole number from 1 to 999");
        }
        return Integer.parseInt(value);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Invocation.run(app, context, () -> handle(event, context));
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        String category = app.config().optional("CATEGORY").orElse(null);
        String workerId = app.instanceId() + (context == null ? "" : "/" + context.getAwsRequestId());
        Worker worker = app.worker(workerId);
        long remaining = context == null ? DEFAULT_TIMEOUT_MILLIS : context.getRemainingTimeInMillis();
        Deadline deadline = Deadline.after(app.clock(), Duration.ofMillis(remaining - FINISH_RESERVE_MILLIS));

        Map<SQSEvent.SQSMessage, WorkMessage> parsed = new LinkedHashMap<>();
        Map<SQSEvent.SQSMessage, String> malformed = new HashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            try {
                parsed.put(record, WorkMessages.parse(record.getBody()));
            } catch (WorkMessages.MalformedMessageException e) {
                malformed.put(record, e.getMessage());
            }
        }
        Predicate<WorkMessage> superseded = Coalescing.supersededWithin(parsed.values());
        // A pause also stops work already queued when the operator paused (one read per batch, not per message).
        PauseState pauses = parsed.isEmpty() ? PauseState.NONE : app.controls().pauses();
        // Malformed messages stay in their group's place: if moving one to the dead-letter queue fails, it comes
        // back, and the later messages of its group must not overtake it.
        Map<String, List<SQSEvent.SQSMessage>> groups = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            groups.computeIfAbsent(groupOf(record, parsed.get(record)), g -> new ArrayList<>()).add(record);
        }
        Batch batch = new Batch(parsed, malformed, worker, category, superseded, pauses, deadline, new ConcurrentHashMap<>());
        // Tenants' groups are independent, so they run side by side; each group stays strictly in order.
        List<Future<?>> running = new ArrayList<>();
        // The invocation's logging keys (request id, function) follow the work onto the group threads.
        Map<String, String> invocationKeys = ThreadContext.getImmutableContext();
        for (List<SQSEvent.SQSMessage> group : groups.values()) {
            running.add(app.groups().submit(() -> {
                try (var ignored = CloseableThreadContext.putAll(invocationKeys)) {
                    runGroup(group, batch);
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running the batch", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a message group failed outside its error handling", e.getCause());
            }
        }
        delayRedelivery(records, batch.handedBack(), category);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            if (batch.handedBack().containsKey(record.getMessageId())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** One invocation's batch, shared by its groups; {@code handedBack} maps each message to redeliver to its delay. */
    private record Batch(Map<SQSEvent.SQSMessage, WorkMessage> parsed, Map<SQSEvent.SQSMessage, String> malformed,
                         Worker worker, String category, Predicate<WorkMessage> superseded, PauseState pauses,
                         Deadline deadline, Map<String, Duration> handedBack) {
    }

    private void runGroup(List<SQSEvent.SQSMessage> group, Batch batch) {
        // Once a message of the group is handed back, every later one follows it with the same delay.
        Duration held = null;
        for (SQSEvent.SQSMessage record : group) {
            if (held == null && !batch.deadline().allows(Duration.ofMillis(TIME_RESERVE_MILLIS - FINISH_RESERVE_MILLIS))) {
                // Out of time, not failed: the next invocation can take the rest at once.
                held = Duration.ZERO;
            }
            if (held == null) {
                held = process(record, batch).orElse(null);
            }
            if (held != null) {
                batch.handedBack().put(record.getMessageId(), held);
            }
        }
    }

    /** Empty when the message is done with; otherwise the delay before it (and the rest of its group) comes back. */
    private Optional<Duration> process(SQSEvent.SQSMessage record, Batch batch) {
        WorkMessage work = batch.parsed().get(record);
        if (work == null) {
            return deadLetterOrRetry(record, batch.category(), batch.malformed().get(record));
        }
        try (var ignored = LogContext.of(work.tenantId(), work.job(), work.category())) {
            if (batch.category() != null && !batch.category().equals(work.category())) {
                return deadLetterOrRetry(record, batch.category(), "field 'category' value '" + work.category()
                        + "' does not match this worker's category '" + batch.category() + "'");
            }
            if (batch.pauses().isPaused(work.job(), work.category()) && work.trigger() != Trigger.MANUAL) {
                LOG.info("tick {} not run: {}", work.scheduledTime(), batch.pauses().reason(work.job(), work.category()));
                app.metrics().count("RunsSkippedPaused", Map.of("category", work.category()));
                return Optional.empty();
            }
            if (batch.superseded().test(work)) {
                LOG.info("tick {} coalesced into a newer tick of the same job in this batch", work.scheduledTime());
                app.metrics().count("RunsCoalesced", Map.of("category", work.category()));
                return Optional.empty();
            }
            return run(batch.worker(), record, work, batch.deadline());
        }
    }

    private Optional<Duration> run(Worker worker, SQSEvent.SQSMessage record, WorkMessage work, Deadline deadline) {
        try {
            RunRecord result = worker.process(work, deadline);
            app.metrics().count("Runs", Map.of("category", work.category(), "result", result.result()));
            LOG.info("run {} at {}: {} ({} processed, {} failed){}", work.job(), work.scheduledTime(), result.result(),
                    result.processed(), result.failed(), result.detail() == null ? "" : " - " + result.detail());
            return Optional.empty();
        } catch (UnknownNameException e) {
            return deadLetterOrRetry(record, work.category(), e.getMessage());
        } catch (RetryableWorkException e) {
            if (e.attempts() >= redelivery.maxAttempts()) {
                app.metrics().count("Runs", Map.of("category", work.category(), "result", "dead-lettered"));
                Optional<Duration> retry = deadLetterOrRetry(record, work.category(),
                        "gave up after " + e.attempts() + " attempts: " + e.getMessage());
                if (retry.isEmpty()) {
                    app.metrics().count("RunsDeadLettered", Map.of("category", work.category()));
                }
                return retry;
            }
            Duration delay = redeliveryDelay(e.attempts(), record);
            app.metrics().count("Runs", Map.of("category", work.category(), "result", "retry"));
            app.metrics().count("RunsRetried", Map.of("category", work.category()));
            LOG.warn("run {} at {} will be retried in {}: {}", work.job(), work.scheduledTime(), delay, e.getMessage());
            return Optional.of(delay);
        } catch (RuntimeException e) {
            app.metrics().count("Runs", Map.of("category", work.category(), "result", "error"));
            LOG.error("run {} at {} failed unexpectedly and will be retried", work.job(), work.scheduledTime(), e);
            return Optional.of(redeliveryDelay(0, record));
        }
    }

    /**
     * The delay before a failed message comes back: between half the backoff ceiling and the ceiling, so delays
     * grow with every attempt while tenants failing together spread out. Without a claim-counted attempt number
     * (a self-claiming job, a held lease, an unexpected error) SQS's receive count stands in for it.
     */
    private Duration redeliveryDelay(int attempts, SQSEvent.SQSMessage record) {
        int failures = attempts > 0 ? attempts : receiveCount(record);
        long ceiling = Math.max(1, redelivery.ceiling(Math.max(1, failures)).toSeconds());
        long floor = Math.max(1, ceiling / 2);
        return Duration.ofSeconds(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Sets how long each handed-back message stays invisible. Lambda's event source leaves a reported message for
     * the queue's whole visibility timeout; this makes the retry delay the one the run needs. A FIFO group stays
     * locked while any of its messages is in flight, so the later messages of the group get the same delay.
     */
    private void delayRedelivery(List<SQSEvent.SQSMessage> records, Map<String, Duration> handedBack, String category) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            Duration delay = handedBack.get(record.getMessageId());
            if (delay != null && record.getReceiptHandle() != null) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + entries.size())
                        .receiptHandle(record.getReceiptHandle()).visibilityTimeout((int) delay.toSeconds()).build());
            }
        }
        if (entries.isEmpty() || category == null) {
            return;
        }
        try {
            var response = app.aws().sqs().changeMessageVisibilityBatch(b -> b.queueUrl(app.config().queueUrl(category)).entries(entries));
            response.failed().forEach(f -> LOG.warn("could not delay redelivery of {}: {} {}; it comes back after the queue's visibility timeout",
                    f.id(), f.code(), f.message()));
        } catch (RuntimeException e) {
            LOG.warn("could not delay redelivery of {} messages; they come back after the queue's visibility timeout", entries.size(), e);
        }
    }

    /** Empty when the message went to the dead-letter queue; if that failed, the delay before it is retried. */
    private Optional<Duration> deadLetterOrRetry(SQSEvent.SQSMessage record, String category, String reason) {
        return deadLetter(record, category, reason) ? Optional.empty() : Optional.of(redeliveryDelay(0, record));
    }

    /** Moves a message that cannot succeed to the dead-letter queue with the reason; false if that failed. */
    private boolean deadLetter(SQSEvent.SQSMessage record, String category, String reason) {
        String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
        LOG.error("message {} goes to the dead-letter queue: {}", record.getMessageId(), reason);
        if (category == null) {
            return false;
        }
        try {
            app.aws().sqs().sendMessage(b -> b.queueUrl(app.config().deadLetterUrl(category))
                    .messageBody(record.getBody() == null ? "" : record.getBody())
                    .messageGroupId(group == null ? "malformed" : group)
                    .messageDeduplicationId(record.getMessageId())
                    .messageAttributes(Map.of(
                            "error", MessageAttributeValue.builder().dataType("String").stringValue(reason).build(),
                            "sourceMessageId", MessageAttributeValue.builder().dataType("String").stringValue(record.getMessageId()).build())));
            app.metrics().count("MessagesDeadLettered", Map.of("category", category));
            return true;
        } catch (RuntimeException e) {
            // It comes back; the redrive policy still moves it to the dead-letter queue after its receive limit.
            LOG.error("could not send message {} to the dead-letter queue; it will be retried", record.getMessageId(), e);
            return false;
        }
    }

    /** The message's FIFO group; without one (a direct invocation), its tenant, or for a malformed message itself. */
    private static String groupOf(SQSEvent.SQSMessage record, WorkMessage work) {
        String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
        if (group != null) {
            return group;
        }
        return work == null ? "message " + record.getMessageId() : work.tenantId();
    }
}
