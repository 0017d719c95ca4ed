package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.SqsWorkQueue;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One dispatcher tick of a job that goes to every tenant, at N active tenants, on the embedded stack (DynamoDB Local
 * over HTTP, ElasticMQ): through the real DispatcherHandler, so a tick claims itself, reads the pauses, lists the
 * active tenants and sends; side by side with the ceiling, the same N messages sent by plain SendMessageBatch calls
 * with the same concurrency and nothing else.
 *
 * <p>The clock is simulated and moves one minute per tick, as the scheduler's ticks do: the 30 s tenant cache has
 * expired by every tick, so each tick lists the tenants as it would in production.
 */
public final class DispatchBench {

    /** A job whose ticks go to every active tenant. */
    static final String JOB = "processar_confirmacao_plantao";
    private static final int MEASURED = 5;

    private DispatchBench() {
    }

    public static void run(int tenants) throws Exception {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T13:00:00Z"), Cadencia.ZONE);
        try (LocalEnvironment env = LocalEnvironment.start(clock)) {
            Job job = env.catalogue().require(JOB);
            long s0 = System.nanoTime();
            seed(env, tenants);
            System.out.printf("seeded %d active tenants in %.1f s (BatchWriteItem)%n", tenants, (System.nanoTime() - s0) / 1e9);

            SqsClient sqs = env.aws().clients().sqs();
            String url = env.deployment().functionFor("DispatcherHandler", job.category()).config().queueUrl(job.category());
            // One unmeasured tick first: class loading and JIT would otherwise count against the first measured one.
            List<Double> ticks = new ArrayList<>();
            for (int i = 0; i <= MEASURED; i++) {
                sqs.purgeQueue(b -> b.queueUrl(url));
                clock.set(clock.instant().plus(Duration.ofMinutes(1)));
                long t0 = System.nanoTime();
                Map<String, Object> response = env.tick(job, clock.instant());
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (!Integer.valueOf(tenants).equals(response.get("messages"))) {
                    throw new IllegalStateException("the tick sent " + response.get("messages") + " messages to " + tenants
                            + " tenants: " + response);
                }
                System.out.printf("tick %d%s: %.2f s, %.0f msgs/s%n", i, i == 0 ? " (warm-up)" : "", seconds, tenants / seconds);
                if (i > 0) {
                    ticks.add(seconds);
                }
            }
            clock.set(clock.instant().plus(Duration.ofMinutes(1)));
            long l0 = System.nanoTime();
            env.app("ControlFunction").tenants().activeTenants();
            System.out.printf("of which listing the active tenants (a scan today): %.2f s%n", (System.nanoTime() - l0) / 1e9);

            List<Double> plain = ceiling(sqs, url, job, tenants, SqsWorkQueue.CONCURRENCY, "ceiling, " + SqsWorkQueue.CONCURRENCY + " calls in flight");
            List<Double> sequential = ceiling(sqs, url, job, tenants, 1, "one call at a time (the dispatcher before)");
            double tick = median(ticks);
            double top = median(plain);
            System.out.printf("median of %d: dispatcher tick %.2f s (%.0f msgs/s); plain SendMessageBatch loop %.2f s (%.0f msgs/s); "
                    + "one call at a time %.2f s (%.0f msgs/s)%n", MEASURED, tick, tenants / tick, top, tenants / top,
                    median(sequential), tenants / median(sequential));
            System.out.printf("dispatch: tenants=%d seconds=%.2f msgs_per_s=%.0f ceiling_msgs_per_s=%.0f%n", tenants, tick, tenants / tick, tenants / top);
        }
    }

    /**
     * Copies of the profile row the real {@code save} writes, for {@code bench-00001..N}, 25 per BatchWriteItem:
     * whatever attributes the directory writes (and lists by) come along, and 10,000 tenants take seconds, not minutes.
     */
    private static void seed(LocalEnvironment env, int count) throws Exception {
        Cadencia control = env.app("ControlFunction");
        Tenant template = new Tenant(id(0), "Provedor", true, env.tenantApp().baseUrlFor(id(0)), Map.of());
        control.tenants().save(template);
        DynamoDbClient dynamo = env.aws().clients().dynamo();
        String table = control.settings().tables().tenants();
        Map<String, AttributeValue> row = dynamo.getItem(b -> b.tableName(table).key(TenantsTable.profile(TenantId.of(id(0))))
                .consistentRead(true)).item();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int from = 1; from <= count; from += 25) {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count + 1, from + 25); i++) {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(renamed(row, id(0), id(i))).build()).build());
                }
                writes.add(CompletableFuture.runAsync(() -> write(dynamo, table, batch), pool));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        dynamo.deleteItem(b -> b.tableName(table).key(TenantsTable.profile(TenantId.of(id(0)))));
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    /** The row with every string value that names the template tenant naming {@code to} instead. */
    private static Map<String, AttributeValue> renamed(Map<String, AttributeValue> row, String from, String to) {
        Map<String, AttributeValue> copy = new HashMap<>();
        row.forEach((k, v) -> copy.put(k, v.s() != null && v.s().contains(from) ? AttributeValue.fromS(v.s().replace(from, to)) : v));
        return copy;
    }

    private static String id(int i) {
        return String.format("bench-%05d", i);
    }

    /** The same N messages as a tick, sent by SendMessageBatch calls with {@code concurrency} in flight; a warm-up, then the measured runs. */
    private static List<Double> ceiling(SqsClient sqs, String url, Job job, int tenants, int concurrency, String label) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Double> runs = new ArrayList<>();
        try {
            for (int run = 0; run <= MEASURED; run++) {
                sqs.purgeQueue(b -> b.queueUrl(url));
                Instant at = Instant.parse("2026-11-25T00:00:00Z").plus(Duration.ofMinutes(run + 10L * concurrency));
                List<List<SendMessageBatchRequestEntry>> batches = new ArrayList<>();
                for (int from = 0; from < tenants; from += 10) {
                    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(tenants, from + 10); i++) {
                        WorkMessage m = new WorkMessage(job.name(), job.category(), TenantId.of(id(i + 1)), at, job.endpoint(), Trigger.SCHEDULE);
                        batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i - from)).messageBody(SqsWorkQueue.toJson(m))
                                .messageGroupId(m.tenantId()).messageDeduplicationId(m.runId().deduplicationId()).build());
                    }
                    batches.add(batch);
                }
                long t0 = System.nanoTime();
                CompletableFuture.allOf(batches.stream().map(batch -> CompletableFuture.runAsync(
                        () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch)), pool)).toArray(CompletableFuture[]::new)).join();
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s, run %d%s: %.2f s, %.0f msgs/s%n", label, run, run == 0 ? " (warm-up)" : "", seconds, tenants / seconds);
                if (run > 0) {
                    runs.add(seconds);
                }
            }
        } finally {
            pool.shutdown();
        }
        return runs;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
