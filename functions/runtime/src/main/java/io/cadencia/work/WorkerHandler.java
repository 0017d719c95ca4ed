package io.cadencia.work;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.dispatch.PauseState;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.observability.LogContext;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * SQS FIFO worker of a category. Messages run in batch order; when one tenant's message fails, that message and
 * every later message of the same group are reported as failures (so the group keeps its order), while the
 * other tenants' messages in the batch are acknowledged. A message that can never succeed (malformed, unknown job)
 * goes straight to the dead-letter queue with the reason, instead of blocking its group for every retry.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LogManager.getLogger(WorkerHandler.class);
    /** Below this much remaining time, the rest of the batch is handed back rather than risk a timeout. */
    private static final long TIME_RESERVE_MILLIS = 15_000;
    /** Kept back from every job's deadline: recording the run, acknowledging, flushing metrics. */
    private static final long FINISH_RESERVE_MILLIS = 3_000;
    /** Without a Lambda context (a direct call), the 60 s Timeout of template.yaml's Globals. */
    private static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
    /** A batch holds at most 10 messages, so at most 10 groups run at once. */
    private static final ExecutorService GROUPS = Executors.newFixedThreadPool(10, r -> {
        Thread t = new Thread(r, "worker-group");
        t.setDaemon(true);
        return t;
    });

    private final Cadencia app;

    public WorkerHandler() {
        this(Cadencia.fromEnvironment());
    }

    public WorkerHandler(Cadencia app) {
        this.app = app;
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
        Set<String> failed = ConcurrentHashMap.newKeySet();
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
        // Tenants' groups are independent, so they run side by side; each group stays strictly in order.
        List<Future<?>> running = new ArrayList<>();
        // The invocation's logging keys (request id, function) follow the work onto the group threads.
        Map<String, String> invocationKeys = ThreadContext.getImmutableContext();
        for (List<SQSEvent.SQSMessage> group : groups.values()) {
            running.add(GROUPS.submit(() -> {
                try (var ignored = CloseableThreadContext.putAll(invocationKeys)) {
                    runGroup(group, parsed, malformed, worker, category, superseded, pauses, deadline, failed);
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
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : records) {
            if (failed.contains(record.getMessageId())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private void runGroup(List<SQSEvent.SQSMessage> group, Map<SQSEvent.SQSMessage, WorkMessage> parsed,
                          Map<SQSEvent.SQSMessage, String> malformed, Worker worker, String category,
                          Predicate<WorkMessage> superseded, PauseState pauses, Deadline deadline, Set<String> failed) {
        boolean groupFailed = false;
        for (SQSEvent.SQSMessage record : group) {
            WorkMessage work = parsed.get(record);
            if (groupFailed || !deadline.allows(Duration.ofMillis(TIME_RESERVE_MILLIS - FINISH_RESERVE_MILLIS))) {
                failed.add(record.getMessageId());
                groupFailed = true;
                continue;
            }
            if (work == null) {
                groupFailed = !deadLetter(record, category, malformed.get(record), failed);
                continue;
            }
            try (var ignored = LogContext.of(work.tenantId(), work.job(), work.category())) {
                if (category != null && !category.equals(work.category())) {
                    // If the move fails the message comes back, and the rest of its group must not overtake it.
                    groupFailed = !deadLetter(record, category, "field 'category' value '" + work.category()
                            + "' does not match this worker's category '" + category + "'", failed);
                } else if (pauses.isPaused(work.job(), work.category()) && !"manual".equals(work.trigger())) {
                    LOG.info("tick {} not run: {}", work.scheduledTime(), pauses.reason(work.job(), work.category()));
                    app.metrics().count("RunsSkippedPaused", Map.of("category", work.category()));
                } else if (superseded.test(work)) {
                    LOG.info("tick {} coalesced into a newer tick of the same job in this batch", work.scheduledTime());
                    app.metrics().count("RunsCoalesced", Map.of("category", work.category()));
                } else if (!run(worker, record, work, deadline, failed)) {
                    failed.add(record.getMessageId());
                    groupFailed = true;
                }
            }
        }
    }

    /** False when the message must be redelivered, which holds back the rest of its group. */
    private boolean run(Worker worker, SQSEvent.SQSMessage record, WorkMessage work, Deadline deadline, Set<String> failed) {
        try {
            RunRecord result = worker.process(work, deadline);
            app.metrics().count("Runs", Map.of("category", work.category(), "result", result.result()));
            LOG.info("run {} at {}: {} ({} processed, {} failed){}", work.job(), work.scheduledTime(), result.result(),
                    result.processed(), result.failed(), result.detail() == null ? "" : " - " + result.detail());
            return true;
        } catch (UnknownNameException e) {
            return deadLetter(record, work.category(), e.getMessage(), failed);
        } catch (RetryableWorkException e) {
            app.metrics().count("Runs", Map.of("category", work.category(), "result", "retry"));
            LOG.warn("run {} at {} will be retried: {}", work.job(), work.scheduledTime(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            app.metrics().count("Runs", Map.of("category", work.category(), "result", "error"));
            LOG.error("run {} at {} failed unexpectedly and will be retried", work.job(), work.scheduledTime(), e);
            return false;
        }
    }

    /** Moves a message that can never succeed to the dead-letter queue; false if that failed (then it is retried). */
    private boolean deadLetter(SQSEvent.SQSMessage record, String category, String reason, Set<String> failed) {
        String group = record.getAttributes() == null ? null : record.getAttributes().get("MessageGroupId");
        LOG.error("message {} is malformed and goes to the dead-letter queue: {}", record.getMessageId(), reason);
        app.metrics().count("MessagesDeadLettered", Map.of("category", category == null ? "unknown" : category));
        if (category == null) {
            failed.add(record.getMessageId());
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
            return true;
        } catch (RuntimeException e) {
            // The redrive policy still moves it to the dead-letter queue after its receive limit.
            LOG.error("could not send message {} to the dead-letter queue; leaving it to the redrive policy", record.getMessageId(), e);
            failed.add(record.getMessageId());
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
