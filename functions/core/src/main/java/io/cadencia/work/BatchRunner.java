package io.cadencia.work;

import io.cadencia.dispatch.PauseState;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Jitter;
import io.cadencia.retry.RetryPolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs one batch of a category's FIFO queue. Messages run in batch order; when one tenant's message fails, that
 * message and every later message of the same group are handed back (so the group keeps its order), while the
 * other tenants' messages are done with. A message that can never succeed (malformed, another category, an
 * {@link UnrunnableWorkException}) goes straight to the dead-letter queue with the reason, instead of blocking its
 * group for every retry.
 *
 * <p>A run that failed but may succeed later (a tenant endpoint that is down) comes back after a growing delay:
 * the failed message and the later messages of its group stay invisible for {@code WORK_RETRY_BASE} (30 s)
 * doubling per attempt up to {@code WORK_RETRY_MAX} (15 min), jittered between half the ceiling and the ceiling,
 * because Lambda's event source would otherwise leave them for the queue's whole visibility timeout. When the
 * run's attempts (counted by its claim) reach {@code WORK_MAX_ATTEMPTS} (5), the message goes to the dead-letter
 * queue with the reason and is done with, so the tenant's later work continues.
 *
 * <p>Thread-safe: one instance serves every invocation of a container.
 */
public final class BatchRunner {

    /** Below this much remaining time, the rest of the batch is handed back rather than risk a timeout. */
    static final Duration TIME_RESERVE = Duration.ofSeconds(15);
    /** Kept back from every job's deadline: recording the run, acknowledging, flushing metrics. */
    static final Duration FINISH_RESERVE = Duration.ofSeconds(3);

    /** Runs one tenant's work message before the deadline, as {@link Worker#process} does. */
    @FunctionalInterface
    public interface Processor {
        RunRecord process(WorkMessage work, Deadline deadline);
    }

    /** Which messages to hand back, by id in batch order, with the delay before each comes back. */
    public record Result(Map<String, Duration> handedBack) {
        public Result {
            handedBack = Collections.unmodifiableMap(new LinkedHashMap<>(handedBack));
        }
    }

    private final Supplier<PauseState> pauses;
    private final MetricsSink metrics;
    private final Clock clock;
    private final RetryPolicy backoff;
    private final Optional<String> category;
    private final Executor groups;
    private final BatchEvents events;

    /**
     * @param pauses   the operator's pause flags now ({@link io.cadencia.dispatch.DispatchPorts.Controls#pauses()})
     * @param backoff  delays between deliveries ({@link RetryPolicy.Spread#UPPER_HALF}, whole seconds) and
     *                 {@code maxAttempts} before the dead-letter queue
     * @param category the category this worker serves; empty (a direct invocation) accepts every category and has
     *                 no queue of its own to dead-letter malformed messages to or to delay messages on
     * @param groups   where the batch's tenant groups run: side by side in Lambda, one at a time under a simulated
     *                 clock
     */
    public BatchRunner(Supplier<PauseState> pauses, MetricsSink metrics, Clock clock, RetryPolicy backoff,
                       Optional<String> category, Executor groups, BatchEvents events) {
        this.pauses = pauses;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = backoff;
        this.category = category;
        this.groups = groups;
        this.events = events;
    }

    /**
     * @param remaining how long the invocation may still run; each job's deadline keeps {@link #FINISH_RESERVE}
     *                  of it back
     */
    public Result run(List<Delivery> deliveries, Processor processor, Duration remaining, Redelivery redelivery) {
        Deadline deadline = Deadline.after(clock, remaining.minus(FINISH_RESERVE));
        List<WorkMessage> parsed = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (delivery instanceof Delivery.Parsed p) {
                parsed.add(p.work());
            }
        }
        // A pause also stops work already queued when the operator paused (one read per batch, not per message).
        PauseState paused = parsed.isEmpty() ? PauseState.NONE : pauses.get();
        Batch batch = new Batch(processor, redelivery, Coalescing.supersededWithin(parsed), paused,
                deadline, new ConcurrentHashMap<>());
        // Malformed messages keep their group's place: if moving one to the dead-letter queue fails, it comes
        // back, and the later messages of its group must not overtake it.
        Map<String, List<Delivery>> byGroup = new LinkedHashMap<>();
        deliveries.forEach(d -> byGroup.computeIfAbsent(d.group(), g -> new ArrayList<>()).add(d));
        List<CompletableFuture<Void>> running = new ArrayList<>();
        byGroup.values().forEach(group -> running.add(CompletableFuture.runAsync(() -> runGroup(group, batch), groups)));
        for (CompletableFuture<Void> group : running) {
            try {
                group.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running the batch", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a message group failed outside its error handling", e.getCause());
            }
        }
        Map<String, Duration> handedBack = new LinkedHashMap<>();
        deliveries.stream().filter(d -> batch.handedBack().containsKey(d.id()))
                .forEach(d -> handedBack.put(d.id(), batch.handedBack().get(d.id())));
        if (!handedBack.isEmpty()) {
            category.ifPresent(c -> redelivery.delay(c, handedBack));
        }
        return new Result(handedBack);
    }

    /** One invocation's batch, shared by its groups; {@code handedBack} maps each message to redeliver to its delay. */
    private record Batch(Processor processor, Redelivery redelivery, Predicate<WorkMessage> superseded,
                         PauseState pauses, Deadline deadline, Map<String, Duration> handedBack) {
    }

    private void runGroup(List<Delivery> group, Batch batch) {
        // Once a message of the group is handed back, every later one follows it with the same delay.
        Optional<Duration> held = Optional.empty();
        for (Delivery delivery : group) {
            if (held.isEmpty() && !batch.deadline().allows(TIME_RESERVE.minus(FINISH_RESERVE))) {
                // Out of time, not failed: the next invocation can take the rest at once.
                held = Optional.of(Duration.ZERO);
            }
            if (held.isEmpty()) {
                held = process(delivery, batch);
            }
            held.ifPresent(delay -> batch.handedBack().put(delivery.id(), delay));
        }
    }

    /** Empty when the message is done with; otherwise the delay before it (and the rest of its group) comes back. */
    private Optional<Duration> process(Delivery delivery, Batch batch) {
        if (delivery instanceof Delivery.Malformed malformed) {
            return deadLetterOrRetry(delivery, category, malformed.reason(), batch);
        }
        WorkMessage work = ((Delivery.Parsed) delivery).work();
        return events.within(work, () -> {
            if (category.isPresent() && !category.get().equals(work.category())) {
                return deadLetterOrRetry(delivery, category, "field 'category' value '" + work.category()
                        + "' does not match this worker's category '" + category.get() + "'", batch);
            }
            if (batch.pauses().isPaused(work.job(), work.category()) && !work.trigger().byOperator()) {
                events.skippedPaused(work, batch.pauses().reason(work.job(), work.category()).orElseThrow());
                metrics.count("RunsSkippedPaused", Map.of("category", work.category()));
                return Optional.empty();
            }
            if (batch.superseded().test(work)) {
                events.coalesced(work);
                metrics.count("RunsCoalesced", Map.of("category", work.category()));
                return Optional.empty();
            }
            return run(delivery, work, batch);
        });
    }

    private Optional<Duration> run(Delivery delivery, WorkMessage work, Batch batch) {
        Map<String, String> inCategory = Map.of("category", work.category());
        try {
            RunRecord record = batch.processor().process(work, batch.deadline());
            metrics.count("Runs", Map.of("category", work.category(), "result", record.result()));
            events.ran(work, record);
            return Optional.empty();
        } catch (UnrunnableWorkException e) {
            return deadLetterOrRetry(delivery, Optional.of(work.category()), e.getMessage(), batch);
        } catch (RetryableWorkException e) {
            if (e.attempts() >= backoff.maxAttempts()) {
                metrics.count("Runs", Map.of("category", work.category(), "result", "dead-lettered"));
                Optional<Duration> retry = deadLetterOrRetry(delivery, Optional.of(work.category()),
                        "gave up after " + e.attempts() + " attempts: " + e.getMessage(), batch);
                if (retry.isEmpty()) {
                    metrics.count("RunsDeadLettered", inCategory);
                }
                return retry;
            }
            Duration delay = redeliveryDelay(e.attempts(), delivery);
            metrics.count("Runs", Map.of("category", work.category(), "result", "retry"));
            metrics.count("RunsRetried", inCategory);
            events.retrying(work, delay, e.getMessage());
            return Optional.of(delay);
        } catch (RuntimeException e) {
            metrics.count("Runs", Map.of("category", work.category(), "result", "error"));
            events.failedUnexpectedly(work, e);
            return Optional.of(redeliveryDelay(0, delivery));
        }
    }

    /**
     * The delay before a failed message comes back: between half the backoff ceiling and the ceiling, so delays
     * grow with every attempt while tenants failing together spread out. Without a claim-counted attempt number
     * (a self-claiming job, a held lease, an unexpected error) the queue's receive count stands in for it.
     */
    private Duration redeliveryDelay(int attempts, Delivery delivery) {
        int failures = attempts > 0 ? attempts : delivery.receiveCount();
        return backoff.delay(Math.max(1, failures), Optional.empty(), Jitter.SHARED);
    }

    /** Empty when the message went to the dead-letter queue; if that failed, the delay before it is retried. */
    private Optional<Duration> deadLetterOrRetry(Delivery delivery, Optional<String> queue, String reason, Batch batch) {
        events.deadLettering(delivery.id(), reason);
        if (queue.isEmpty()) {
            return Optional.of(redeliveryDelay(0, delivery));
        }
        try {
            batch.redelivery().deadLetter(delivery, queue.get(), reason);
        } catch (RuntimeException e) {
            events.deadLetterFailed(delivery.id(), e);
            return Optional.of(redeliveryDelay(0, delivery));
        }
        metrics.count("MessagesDeadLettered", Map.of("category", queue.get()));
        return Optional.empty();
    }
}
