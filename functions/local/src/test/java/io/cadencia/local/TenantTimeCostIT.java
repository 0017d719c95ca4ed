package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsClients;
import io.cadencia.catalogue.Job;
import io.cadencia.lambda.DispatcherHandler;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantsTable;
import io.cadencia.worktable.WorkTable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tenant-time tick costs at 1,000 tenants on DynamoDB Local: the wake index's queries and the items they read,
 * the active-tenant list's queries and the wake advances, per tick of a day of doctor_state_manutencao_diaria, with
 * the tenants' preferred times spread over the day. Prints one line per figure and the last line
 * {@code tenant-time tick: tenants=N ...}.
 */
class TenantTimeCostIT {

    static final int TENANTS = 1000;
    static final Instant DAY = Instant.parse("2026-11-24T03:00:00Z");

    /** Counts wake index queries and their items, active-index queries, and wake advances. */
    static final class Counter implements ExecutionInterceptor {
        final AtomicInteger wakeQueries = new AtomicInteger();
        final AtomicInteger wakeItems = new AtomicInteger();
        final AtomicInteger activeQueries = new AtomicInteger();
        final AtomicInteger advances = new AtomicInteger();
        final AtomicInteger profileReads = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof QueryRequest q && context.response() instanceof QueryResponse r) {
                if (WorkTable.WAKE_INDEX.equals(q.indexName())) {
                    wakeQueries.incrementAndGet();
                    wakeItems.addAndGet(r.count());
                } else if (TenantsTable.ACTIVE_INDEX.equals(q.indexName())) {
                    activeQueries.incrementAndGet();
                }
            } else if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest g
                    && g.key().containsKey("sk") && "PROFILE".equals(g.key().get("sk").s())) {
                profileReads.incrementAndGet();
            } else if (context.request() instanceof UpdateItemRequest u && u.key().get("sk").s().startsWith("WAKE#")) {
                advances.incrementAndGet();
            }
        }

        int[] takeAll() {
            return new int[]{wakeQueries.getAndSet(0), wakeItems.getAndSet(0), activeQueries.getAndSet(0), advances.getAndSet(0),
                    profileReads.getAndSet(0)};
        }
    }

    @Test
    void aTickReadsOnlyTheTenantsWhoseSlotItIs() {
        SimulatedClock clock = new SimulatedClock(DAY.minusSeconds(1), Cadencia.ZONE);
        try (LocalEnvironment env = LocalEnvironment.start(clock)) {
            List<String> zones = TenantTimeReport.ZONES;
            for (int i = 0; i < TENANTS; i++) {
                String id = String.format("tenant-%04d", i);
                // Preferred times on every slot of the day, as a thousand ISPs' choices would spread.
                String time = LocalTime.of(0, 0).plusMinutes(i * 15L % 1440 + i % 15).toString();
                env.app("ControlFunction").tenants().save(new Tenant(id, id, true, env.tenantApp().baseUrlFor(id),
                        Map.of("time_zone", zones.get(i % zones.size()), "horario_verificacao", time)));
            }
            Job job = env.catalogue().require("doctor_state_manutencao_diaria");
            Counter counter = new Counter();
            String logicalId = env.deployment().functionFor("DispatcherHandler", job.category()).logicalId();
            try (DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(env.aws().dynamoEndpoint()).region(EmbeddedAws.REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, "local")))
                    .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                Cadencia app = new Cadencia(env.deployment().function(logicalId).config(),
                        new AwsClients(counted, env.aws().clients().sqs(), env.aws().clients().secrets(), env.aws().clients().kms()), clock, env.metrics(), "cost");
                DispatcherHandler handler = new DispatcherHandler(app);
                List<int[]> perTick = new ArrayList<>();
                int dispatched = 0;
                long nanos = 0;
                for (Instant tick : job.schedule().firesBetween(DAY, DAY.plus(Duration.ofDays(1)))) {
                    clock.set(tick);
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("job", job.name());
                    event.put("category", job.category());
                    event.put("scheduledTime", tick.toString());
                    long t0 = System.nanoTime();
                    Map<String, Object> response = handler.handleRequest(event, new LocalContext(logicalId, Duration.ofMinutes(1), clock));
                    nanos += System.nanoTime() - t0;
                    dispatched += ((Number) response.get("messages")).intValue();
                    perTick.add(counter.takeAll());
                }
                assertThat(perTick).hasSize(96);
                assertThat(dispatched).as("every tenant once in the day").isEqualTo(TENANTS);
                IntSummaryStatistics queries = perTick.stream().mapToInt(c -> c[0]).summaryStatistics();
                IntSummaryStatistics items = perTick.stream().mapToInt(c -> c[1]).summaryStatistics();
                IntSummaryStatistics active = perTick.stream().mapToInt(c -> c[2]).summaryStatistics();
                IntSummaryStatistics advances = perTick.stream().mapToInt(c -> c[3]).summaryStatistics();
                IntSummaryStatistics profiles = perTick.stream().mapToInt(c -> c[4]).summaryStatistics();
                assertThat(queries.getMax()).as("one query per wake shard").isEqualTo(WorkTable.WAKE_SHARDS);
                assertThat(items.getMax()).as("never the whole tenant list").isLessThan(TENANTS / 20);
                assertThat(active.getMax()).as("no read of the active-tenant list").isZero();
                System.out.printf("wake index: %d queries per tick, items read per tick avg %.1f max %d%n",
                        queries.getMax(), items.getAverage(), items.getMax());
                System.out.printf("active-tenant list: queries per tick avg %.1f max %d; profile reads (GetItem) per tick avg %.1f max %d%n",
                        active.getAverage(), active.getMax(), profiles.getAverage(), profiles.getMax());
                System.out.printf("wake advances (UpdateItem) per tick avg %.1f max %d%n", advances.getAverage(), advances.getMax());
                System.out.printf("tenant-time tick: tenants=%d ticks=%d wake_queries_per_tick=%d wake_items_per_tick_avg=%.1f "
                                + "wake_items_per_tick_max=%d profile_reads_per_tick_avg=%.1f advances_per_tick_avg=%.1f ms_per_tick_avg=%.1f%n", TENANTS,
                        perTick.size(), queries.getMax(), items.getAverage(), items.getMax(), profiles.getAverage(), advances.getAverage(),
                        nanos / 1e6 / perTick.size());
            }
        }
    }
}
