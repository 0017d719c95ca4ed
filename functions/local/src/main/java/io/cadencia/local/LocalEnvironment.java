package io.cadencia.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JavaType;
import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsClients;
import io.cadencia.aws.Json;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Effects;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.TemplateCatalogue;
import io.cadencia.observability.InMemoryMetricsSink;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.lambda.WorkerHandler;
import io.cadencia.lambda.DispatcherHandler;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole system on one machine: the embedded engines with template.yaml deployed on them, the same handlers
 * Lambda runs (one composition root per function, as one container each), and an event-source emulator that
 * feeds SQS batches to workers and deletes the messages the batch response does not report, like Lambda's.
 *
 * <p>Like Lambda's, the emulator does not release the messages a worker reports: they come back when their
 * visibility timeout ends, the one the worker asked for with ChangeMessageVisibility or else the queue's. ElasticMQ
 * counts visibility in real time (or, in a {@link #simulation}, on a clock that never goes back), so the emulator
 * keeps them in flight there and releases them once the environment's clock passes that time; until then their FIFO
 * group stays locked.
 */
public final class LocalEnvironment implements AutoCloseable {

    private final Clock clock;
    private final EmbeddedAws aws;
    private final LocalDeployment deployment;
    private final InMemoryMetricsSink metrics = new InMemoryMetricsSink();
    private final Metering metering;
    private final TenantApp tenantApp;
    private final Map<String, Cadencia> apps = new ConcurrentHashMap<>();
    private final Map<String, Object> handlers = new ConcurrentHashMap<>();
    /** Invocations that ran past their function's Timeout (on this environment's clock). */
    private final List<String> overruns = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Messages handed back by a worker, per queue URL and message id, until their visibility ends on {@link #clock}. */
    private final Map<String, Map<String, HandedBack>> handedBack = new ConcurrentHashMap<>();
    private final Map<String, Integer> queueVisibility = new ConcurrentHashMap<>();
    /** The fire time of the tick this thread is delivering as the scheduler does ({@link #fire}): what dispatchers read as now. */
    private final ThreadLocal<Instant> firing = new ThreadLocal<>();
    /** Acknowledgements still in flight, per queue: awaited before that queue is polled again. */
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> acknowledging = new ConcurrentHashMap<>();

    private LocalEnvironment(Clock clock, Map<String, String> overrides, EmbeddedAws.DynamoMode mode, Metering metering,
                             boolean simulation) {
        this.clock = clock;
        this.metering = metering;
        this.aws = EmbeddedAws.start(clock, mode, simulation);
        this.deployment = LocalDeployment.deploy(LocalDeployment.packagedTemplate(), aws.clients(), overrides);
        this.tenantApp = new TenantApp(clock, TemplateCatalogue.fromClasspath().jobs().stream()
                .filter(job -> job.effects() == Effects.NONE).map(Job::name).collect(java.util.stream.Collectors.toSet()));
    }

    public static LocalEnvironment start(Clock clock) {
        return start(clock, Map.of());
    }

    /** @param overrides environment values that replace the template's, for every function */
    public static LocalEnvironment start(Clock clock, Map<String, String> overrides) {
        return new LocalEnvironment(clock, overrides, EmbeddedAws.DynamoMode.SERVER, IamCallLog.defaultMetering(), false);
    }

    public static LocalEnvironment start(Clock clock, Map<String, String> overrides, EmbeddedAws.DynamoMode mode) {
        return new LocalEnvironment(clock, overrides, mode, IamCallLog.defaultMetering(), false);
    }

    /** @param metering what is measured of each function's metrics, pauses, invocations and AWS calls (the cost model) */
    public static LocalEnvironment start(Clock clock, Map<String, String> overrides, EmbeddedAws.DynamoMode mode, Metering metering) {
        return new LocalEnvironment(clock, overrides, mode, metering, false);
    }

    /** For {@code simulate}: a clock that only moves forward, which ElasticMQ keeps its time on too (see EmbeddedAws). */
    public static LocalEnvironment simulation(SimulatedClock clock, Map<String, String> overrides, EmbeddedAws.DynamoMode mode) {
        return new LocalEnvironment(clock, overrides, mode, IamCallLog.defaultMetering(), true);
    }

    public Clock clock() {
        return clock;
    }

    public EmbeddedAws aws() {
        return aws;
    }

    public LocalDeployment deployment() {
        return deployment;
    }

    public InMemoryMetricsSink metrics() {
        return metrics;
    }

    public TenantApp tenantApp() {
        return tenantApp;
    }

    /** The composition root of one function, as one warm Lambda container. */
    public Cadencia app(String logicalId) {
        return apps.computeIfAbsent(logicalId, id -> new Cadencia(deployment.function(id).config(),
                metering.awsCalls().map(recorder -> aws.recordedClients(recorder, id)).orElseGet(aws::clients), clockOf(id),
                metering.metrics(id, metrics), "local-" + id + "-" + UUID.randomUUID().toString().substring(0, 8),
                metering.sleeper(id, sleeper()), groups(id)));
    }

    /**
     * A dispatcher's clock reads the fire time of the tick {@link #fire} delivers: in Lambda a dispatcher is an
     * invocation of its own at that time, however long the workers' runs on the shared simulated clock took.
     */
    private Clock clockOf(String logicalId) {
        if (!deployment.function(logicalId).handlerClass().endsWith("." + DispatcherHandler.class.getSimpleName())) {
            return clock;
        }
        return new FiringClock(clock, firing, clock.getZone());
    }

    /** The environment's clock, except on a thread delivering a tick as the scheduler does: then its fire time. */
    private static final class FiringClock extends Clock {
        private final Clock shared;
        private final ThreadLocal<Instant> firing;
        private final ZoneId zone;

        FiringClock(Clock shared, ThreadLocal<Instant> firing, ZoneId zone) {
            this.shared = shared;
            this.firing = firing;
            this.zone = zone;
        }

        @Override
        public Instant instant() {
            Instant firedAt = firing.get();
            return firedAt != null ? firedAt : shared.instant();
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new FiringClock(shared, firing, zone);
        }
    }

    /**
     * Tenant groups of a worker batch run one at a time under a simulated clock: its pauses are shared, so groups
     * side by side would add their pauses up and each would see the others' time as its own. One at a time, every
     * group's deadline is exact and simulated throughput is a lower bound of Lambda's.
     */
    private java.util.concurrent.ExecutorService groups(String logicalId) {
        if (!(clock instanceof SimulatedClock)) {
            return java.util.concurrent.Executors.newFixedThreadPool(10, daemon("worker-group-" + logicalId));
        }
        return java.util.concurrent.Executors.newSingleThreadExecutor(daemon("worker-group-" + logicalId));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Pauses move a simulated clock (production pacing at no wall-time cost); on a real clock they are real. */
    private io.cadencia.retry.Sleeper sleeper() {
        return clock instanceof SimulatedClock simulated ? new io.cadencia.local.hubsoft.SimulatedSleeper(simulated)
                : io.cadencia.retry.Sleeper.REAL;
    }

    public Catalogue catalogue() {
        return app("ControlFunction").catalogue();
    }

    /** Any function's handler instance, built with that function's composition root. */
    public Object handler(String logicalId) {
        return handlers.computeIfAbsent(logicalId, id -> {
            try {
                Class<?> type = Class.forName(deployment.function(id).handlerClass());
                return type.getConstructor(Cadencia.class).newInstance(app(id));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("handler " + deployment.function(id).handler() + " of " + id + " cannot be built", e);
            }
        });
    }

    /** Invokes a function with a JSON event and returns its JSON response, as {@code sam local invoke} does. */
    public String invoke(String logicalId, String eventJson) throws Exception {
        Object handler = handler(logicalId);
        Method method = handleRequest(handler.getClass());
        JavaType eventType = Json.MAPPER.getTypeFactory().constructType(method.getGenericParameterTypes()[0]);
        Object event = Json.MAPPER.readValue(eventJson, eventType);
        Object response;
        LocalContext context = context(logicalId);
        Metering.Invocation metered = metering.begin(logicalId);
        try {
            response = method.invoke(handler, event, context);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            metered.end();
            checkOverrun(logicalId, context);
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response);
    }

    private static Method handleRequest(Class<?> type) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no handleRequest(event, context)");
    }

    /** A fresh invocation context whose remaining time follows the function's Timeout in template.yaml. */
    public LocalContext context(String logicalId) {
        return new LocalContext(logicalId, deployment.function(logicalId).timeout(), clock);
    }

    private void checkOverrun(String logicalId, LocalContext context) {
        java.time.Duration over = context.overrun();
        if (!over.isNegative() && !over.isZero()) {
            String what = logicalId + " ran " + over + " past its Timeout of " + deployment.function(logicalId).timeout();
            overruns.add(what);
            System.err.println("OVERRUN: " + what);
        }
    }

    /** Every invocation so far that ran past its Timeout, described. */
    public List<String> overruns() {
        return List.copyOf(overruns);
    }

    /** Creates active tenants {@code tenant-01..N} whose endpoints are the local tenant app, each with its signing key. */
    public List<Tenant> seedTenants(int count) {
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("tenant-%02d", i);
            Tenant tenant = new Tenant(id, "Provedor " + i, true, tenantApp.baseUrlFor(id), Map.of());
            addTenant(tenant);
            tenants.add(tenant);
        }
        return tenants;
    }

    public void addTenant(Tenant tenant) {
        String key = UUID.randomUUID().toString();
        tenantApp.register(tenant.id(), key);
        app("ControlFunction").tenants().save(tenant);
        app("ControlFunction").tenantKeys().save(tenant.tenantId(), TenantKeyKind.ENDPOINT, key);
    }

    /**
     * A tick as EventBridge Scheduler fires it: at its fire time, whatever the workers are doing. When the workers'
     * runs took the simulated clock past it, the dispatcher still dispatches it as of then, not late.
     */
    public Map<String, Object> fire(Job job, Instant scheduledTime) {
        firing.set(scheduledTime.isBefore(clock.instant()) ? scheduledTime : null);
        try {
            return tick(job, scheduledTime);
        } finally {
            firing.remove();
        }
    }

    /** One scheduler tick of a job, delivered to its category's dispatcher function now (late, if the clock is past it). */
    public Map<String, Object> tick(Job job, Instant scheduledTime) {
        return tick(job, scheduledTime, (DispatcherHandler) handler(deployment.functionFor("DispatcherHandler", job.category()).logicalId()));
    }

    /**
     * Another warm container of the job's category dispatcher: its own composition root and caches, as a second
     * Lambda instance has, reaching the engines through {@code clients}.
     */
    public DispatcherHandler dispatcherContainer(Job job, AwsClients clients) {
        String id = deployment.functionFor("DispatcherHandler", job.category()).logicalId();
        return new DispatcherHandler(new Cadencia(deployment.function(id).config(), clients, clockOf(id), metrics,
                "local-" + id + "-" + UUID.randomUUID().toString().substring(0, 8), sleeper(), groups(id)));
    }

    /** One scheduler tick of a job, delivered to that container of its category's dispatcher. */
    public Map<String, Object> tick(Job job, Instant scheduledTime, DispatcherHandler handler) {
        String dispatcher = deployment.functionFor("DispatcherHandler", job.category()).logicalId();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("job", job.name());
        event.put("category", job.category());
        event.put("endpoint", job.endpoint());
        event.put("scheduledTime", scheduledTime.toString());
        LocalContext context = context(dispatcher);
        Metering.Invocation metered = metering.begin(dispatcher);
        try {
            return handler.handleRequest(event, context);
        } finally {
            metered.end();
            checkOverrun(dispatcher, context);
        }
    }

    /** What one drain of a queue did. */
    public record DrainResult(int batches, int messages, int failures) {
        DrainResult plus(DrainResult other) {
            return new DrainResult(batches + other.batches, messages + other.messages, failures + other.failures);
        }
    }

    /**
     * Polls the category's queue and feeds batches of up to 10 to its worker until the queue is empty, deleting
     * the messages the worker did not report and releasing the ones it did, as the Lambda event source does.
     */
    public DrainResult drain(String category) {
        DrainResult result = drain(category, Integer.MAX_VALUE);
        settle();
        return result;
    }

    /**
     * As {@link #drain(String)}, but once {@code expected} messages were processed with none handed back, stops
     * without the final empty receive (the caller knows how many it enqueued), and returns while the last
     * acknowledgement is still in flight; the next drain of the queue waits for it.
     */
    public DrainResult drain(String category, int expected) {
        String url = queueUrl(category);
        String workerId = deployment.functionFor("WorkerHandler", category).logicalId();
        WorkerHandler worker = (WorkerHandler) handler(workerId);
        DrainResult total = new DrainResult(0, 0, 0);
        while (true) {
            acknowledging.getOrDefault(url, java.util.concurrent.CompletableFuture.completedFuture(null)).join();
            releaseDue(url);
            List<Message> received = aws.eventSource().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (received.isEmpty()) {
                return total;
            }
            LocalContext context = context(workerId);
            SQSBatchResponse response;
            Metering.Invocation metered = metering.begin(workerId);
            try {
                response = worker.handleRequest(toEvent(received, url), context);
            } finally {
                metered.end();
                checkOverrun(workerId, context);
            }
            Set<String> failed = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            List<ChangeMessageVisibilityBatchRequestEntry> visibility = new ArrayList<>();
            Instant now = clock.instant();
            for (Message m : received) {
                if (failed.contains(m.messageId())) {
                    int seconds = aws.visibilityRequests().take(m.receiptHandle()).orElseGet(() -> queueVisibilitySeconds(url));
                    if (seconds > 0) {
                        handedBack.computeIfAbsent(url, u -> new ConcurrentHashMap<>())
                                .put(m.messageId(), new HandedBack(m.receiptHandle(), now.plusSeconds(seconds)));
                    }
                    visibility.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .visibilityTimeout(seconds > 0 ? HELD_SECONDS : 0).build());
                } else {
                    done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
                }
            }
            // Like the Lambda event source, acknowledging does not hold up the next invocation elsewhere; this
            // queue is not polled again until it is done, so FIFO group order is unaffected.
            acknowledging.put(url, java.util.concurrent.CompletableFuture.runAsync(() -> {
                if (!done.isEmpty()) {
                    aws.eventSource().deleteMessageBatch(b -> b.queueUrl(url).entries(done));
                }
                if (!visibility.isEmpty()) {
                    aws.eventSource().changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(visibility));
                }
            }, ACKNOWLEDGER));
            total = total.plus(new DrainResult(1, received.size(), failed.size()));
            if ((received.size() < 10 || total.messages() >= expected) && failed.isEmpty() && total.failures() == 0) {
                // A short batch with nothing handed back means nothing was left visible to receive.
                return total;
            }
        }
    }

    /** A message a worker handed back, and when it becomes visible again on the environment's clock. */
    private record HandedBack(String receiptHandle, Instant visibleAt) {
    }

    /** How long ElasticMQ keeps a handed-back message in flight: until the emulator releases it. */
    private static final int HELD_SECONDS = 43_200;

    private int queueVisibilitySeconds(String url) {
        return queueVisibility.computeIfAbsent(url, u -> Integer.parseInt(aws.eventSource().getQueueAttributes(b -> b.queueUrl(u)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT)));
    }

    /** Makes visible again every handed-back message of the queue whose visibility has ended on the clock. */
    private void releaseDue(String url) {
        Map<String, HandedBack> waiting = handedBack.getOrDefault(url, Map.of());
        Instant now = clock.instant();
        List<ChangeMessageVisibilityBatchRequestEntry> due = new ArrayList<>();
        waiting.forEach((id, message) -> {
            if (!message.visibleAt().isAfter(now)) {
                due.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(id).receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
            }
        });
        for (int from = 0; from < due.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> chunk = due.subList(from, Math.min(due.size(), from + 10));
            aws.eventSource().changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(chunk));
            chunk.forEach(entry -> waiting.remove(entry.id()));
        }
    }

    /** When the earliest message a worker handed back to the category's queue becomes visible again, if any waits. */
    public Optional<Instant> nextRedelivery(String category) {
        return handedBack.getOrDefault(queueUrl(category), Map.of()).values().stream().map(HandedBack::visibleAt).min(Instant::compareTo);
    }

    /** Categories with handed-back messages that are due again by now: what Lambda's poller would pick up. */
    public Set<String> categoriesWithRedeliveriesDue() {
        Set<String> due = new java.util.TreeSet<>();
        for (String category : catalogue().categories()) {
            nextRedelivery(category).filter(at -> !at.isAfter(clock.instant())).ifPresent(at -> due.add(category));
        }
        return due;
    }

    private String queueUrl(String category) {
        return deployment.functionFor("WorkerHandler", category).config().queueUrl(category);
    }

    private static final java.util.concurrent.ExecutorService ACKNOWLEDGER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sqs-acknowledge");
        t.setDaemon(true);
        return t;
    });

    /** Waits for every acknowledgement in flight, so queue depths read afterwards are exact. */
    public void settle() {
        acknowledging.values().forEach(java.util.concurrent.CompletableFuture::join);
    }

    private static SQSEvent toEvent(List<Message> messages, String queueUrl) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            Map<String, String> attributes = new LinkedHashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueUrl);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Messages currently in a queue (visible and in flight), for tests and the dead-letter report. */
    public int depth(String queueUrl) {
        settle();
        var attributes = aws.clients().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("All")).attributesAsStrings();
        return Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessages", "0"))
                + Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"));
    }

    @Override
    public void close() {
        tenantApp.close();
        aws.close();
    }
}
