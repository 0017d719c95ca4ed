package io.cadencia.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Restorable;
import io.cadencia.app.SnapshotHooks;
import io.cadencia.aws.Json;
import io.cadencia.billing.BillingValidator;
import io.cadencia.billing.IngestRequest;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.SqsWorkQueue;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.JobContext;
import org.apache.logging.log4j.CloseableThreadContext;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One synthetic request per handler, run before the SnapStart snapshot on a {@link Cadencia#primingRoot() priming
 * root}, where every AWS call is answered in the JVM: the handler's real code path runs (parsing, domain logic,
 * SDK marshalling, JSON logging) and nothing real is read or written. Log lines written meanwhile carry
 * {@code "priming": "true"}.
 */
final class PrimingRequests {

    /** A tick long past and off the 15-minute sweep: a due-driven job finds nothing due. */
    static final Instant TICK = Instant.parse("2000-01-01T00:07:00Z");
    /** A sweep tick, which every job dispatches like a plain scheduled one. */
    static final Instant SWEEP = Instant.parse("2000-01-01T00:15:00Z");
    static final String TENANT = "priming";

    private PrimingRequests() {
    }

    /** Registers {@code request}, run on a priming root built from {@code app} when the snapshot is taken. */
    static void beforeSnapshot(Cadencia app, Consumer<Cadencia> request) {
        SnapshotHooks.global().add(Restorable.beforeSnapshot(() -> run(app.primingRoot(), request)));
    }

    static void run(Cadencia root, Consumer<Cadencia> request) {
        try (var ignored = CloseableThreadContext.put("priming", "true")) {
            request.accept(root);
        }
    }

    /**
     * Two scheduled ticks of the first job of the dispatcher's category: one off the sweep (a due-driven job finds
     * nobody due), one a sweep (claimed, no active tenant, recorded); then the fan-out's batch send of one message.
     */
    static void dispatcher(Cadencia root) {
        Job job = servedJob(root);
        DispatcherHandler handler = new DispatcherHandler(root);
        for (Instant tick : List.of(TICK, SWEEP)) {
            handler.handleRequest(Map.of("job", job.name(), "scheduledTime", tick.toString()), null);
        }
        root.queue().send(job.category(), List.of(message(job)));
    }

    /**
     * A batch of one message of the worker's category for a tenant nobody knows: read, skipped, recorded. The
     * critical worker's job, the reminder sender, then runs as on most minutes for a tenant with nothing due (other
     * built-in jobs may fall back to calling the tenant's endpoint, which priming must not do).
     */
    static void worker(Cadencia root) {
        Job job = servedJob(root);
        WorkMessage work = message(job);
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(TENANT);
        message.setBody(SqsWorkQueue.toJson(work));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", TENANT));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        new WorkerHandler(root).handleRequest(event, null);
        if (root.registry().runnerFor(job.name()) == root.sender()) {
            Tenant tenant = new Tenant(TENANT, "Priming", true, "https://priming.invalid", Map.of());
            root.sender().run(new JobContext(job, work, tenant, root.tenants().settingsOf(tenant), root.clock(), TENANT));
        }
    }

    private static WorkMessage message(Job job) {
        return new WorkMessage(job.name(), job.category(), new TenantId(TENANT), TICK, job.endpoint(), Trigger.SCHEDULE);
    }

    /** The operator's status: every job's last run and schedule, every queue's depth. */
    static void control(Cadencia root) {
        new ControlHandler(root).handleRequest(Map.of("action", "status"), null);
    }

    /**
     * A Function URL request with one billing: refused, since the priming root knows no tenant; the billing then
     * goes through the validation ingest runs on every item (phone numbers, tax ids, dates, amounts).
     */
    static void ingest(Cadencia root) {
        LocalDate due = LocalDate.now(root.clock().withZone(Cadencia.ZONE)).plusDays(10);
        Map<String, Object> request = Map.of("tenantId", TENANT, "billings", List.of(Map.of(
                "externalBillingId", "PRIMING-1",
                "customer", Map.of("name", "Maria Souza", "phone", "(37) 98824-2968", "document", "529.982.247-25"),
                "amount", "119.90",
                "dueDate", due.toString(),
                "paymentLink", "https://pagamento.example.com/PRIMING-1",
                "pixCode", "00020126580014br.gov.bcb.pix0136PRIMING-1")));
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(request);
        } catch (IOException e) {
            throw new IllegalStateException("the priming billing cannot be written as JSON", e);
        }
        new IngestHandler(root).handleRequest(Map.of("requestContext", Map.of("http", Map.of("method", "POST")), "body", body,
                "isBase64Encoded", false), null);
        BillingValidator validator = new BillingValidator(root.clock(), Cadencia.ZONE);
        IngestRequest.from(request).inputs().forEach(validator::validate);
    }

    private static Job servedJob(Cadencia root) {
        return root.catalogue().jobsOf(root.settings().category().orElse(Catalogue.CRITICAL)).getFirst();
    }
}
