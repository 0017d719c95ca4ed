package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsClients;
import io.cadencia.catalogue.Job;
import io.cadencia.lambda.DispatcherHandler;
import io.cadencia.tenant.DynamoTenantDirectory;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.TenantIndexBackfill;
import io.cadencia.tenant.TenantsTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispatchers list active tenants from the sharded sparse index, cached per container for TENANT_CACHE_TTL: no
 * tick scans the tenants table. Assertions name the tenants they seeded, so the tests do not depend on their order.
 */
class TenantIndexIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static final Duration TTL = Duration.ofSeconds(30);
    static LocalEnvironment env;
    static DynamoCallRecorder recorder;
    static DynamoDbClient recorded;
    static String table;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(4);
        recorder = new DynamoCallRecorder();
        recorded = DynamoDbClient.builder().endpointOverride(env.aws().dynamoEndpoint()).region(EmbeddedAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, "local")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        table = env.deployment().resolve("TenantsTable");
    }

    @AfterAll
    static void stop() {
        recorded.close();
        env.close();
    }

    @BeforeEach
    void clear() {
        recorder.clear();
    }

    /** A dispatcher container whose DynamoDB calls the recorder sees. */
    record Dispatcher(Cadencia app, DispatcherHandler handler, String logicalId) {
        Map<String, Object> tick(Job job, Instant at) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("job", job.name());
            event.put("category", job.category());
            event.put("endpoint", job.endpoint());
            event.put("scheduledTime", at.toString());
            return handler.handleRequest(event, new LocalContext(logicalId, Duration.ofMinutes(1), clock));
        }

        Set<String> active() {
            return new HashSet<>(app.tenants().activeTenants().stream().map(Tenant::id).toList());
        }
    }

    static Dispatcher dispatcher(Job job) {
        String id = env.deployment().functionFor("DispatcherHandler", job.category()).logicalId();
        AwsClients clients = new AwsClients(recorded, env.aws().clients().sqs(), env.aws().clients().secrets(), env.aws().clients().kms());
        Cadencia app = new Cadencia(env.deployment().function(id).config(), clients, clock, env.metrics(), "test-" + id);
        return new Dispatcher(app, new DispatcherHandler(app), id);
    }

    static List<QueryRequest> indexQueries() {
        return recorder.calls().stream().filter(c -> c.request() instanceof QueryRequest q && TenantsTable.ACTIVE_INDEX.equals(q.indexName()))
                .map(c -> (QueryRequest) c.request()).toList();
    }

    static String shardOf(String tenant) {
        return TenantsTable.activeIndex(TenantId.of(tenant)).values().iterator().next().s();
    }

    @Test
    void ticksReadTheIndexOncePerTtlAndNeverScan() {
        Job job = env.catalogue().require("verificar_whatsapp");
        Dispatcher dispatcher = dispatcher(job);
        Instant at = Instant.parse("2026-11-24T12:01:00Z");
        clock.set(at);
        for (int tick = 0; tick < 3; tick++) {
            // A tick every ten seconds: all within one TTL, so only the first reads the index.
            assertThat(dispatcher.tick(job, at.plusSeconds(10L * tick)).get("status")).isEqualTo("DISPATCHED");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(indexQueries()).hasSize(TenantsTable.ACTIVE_SHARDS);
        clock.advance(TTL);
        dispatcher.tick(job, clock.instant());

        assertThat(recorder.count("Scan")).as("scans during ticks").isZero();
        assertThat(indexQueries()).hasSize(2 * TenantsTable.ACTIVE_SHARDS);
    }

    @Test
    void everyShardIsReadAndEveryActiveTenantListed() {
        Map<String, String> byShard = new HashMap<>();
        for (int i = 0; byShard.size() < TenantsTable.ACTIVE_SHARDS; i++) {
            byShard.putIfAbsent(shardOf("shard-" + i), "shard-" + i);
        }
        byShard.values().forEach(id -> env.app("ControlFunction").tenants().save(new Tenant(id, id, true, null, Map.of())));

        DynamoTenantDirectory uncached = new DynamoTenantDirectory(recorded, table);
        assertThat(uncached.activeTenants()).extracting(Tenant::id).containsAll(byShard.values()).isSorted();
        assertThat(indexQueries()).extracting(q -> q.expressionAttributeValues().get(":shard").s())
                .containsExactlyInAnyOrderElementsOf(byShard.keySet());
    }

    @Test
    void aShardLargerThanOnePageIsReadToItsLastPage() {
        // Five profiles of about 300 KB in one shard: 1.5 MB, more than one page (DynamoDB stops a page at 1 MB).
        String shard = shardOf("big-0");
        List<String> big = new java.util.ArrayList<>();
        for (int i = 0; big.size() < 5; i++) {
            if (shardOf("big-" + i).equals(shard)) {
                big.add("big-" + i);
            }
        }
        String name = "x".repeat(300_000);
        big.forEach(id -> env.app("ControlFunction").tenants().save(new Tenant(id, name, true, null, Map.of())));

        List<Tenant> active = new DynamoTenantDirectory(recorded, table).activeTenants();

        assertThat(active).extracting(Tenant::id).containsAll(big);
        assertThat(indexQueries()).filteredOn(q -> q.expressionAttributeValues().get(":shard").s().equals(shard))
                .filteredOn(q -> q.exclusiveStartKey() != null && !q.exclusiveStartKey().isEmpty()).isNotEmpty();
        big.forEach(id -> env.app("ControlFunction").tenants().save(new Tenant(id, id, false, null, Map.of())));
    }

    @Test
    void activationAndDeactivationReachADispatcherWithinTheTtl() {
        Job job = env.catalogue().require("processar_handoffs");
        Dispatcher dispatcher = dispatcher(job);
        env.addTenant(new Tenant("late-joiner", "Late", false, env.tenantApp().baseUrlFor("late-joiner"), Map.of()));
        assertThat(dispatcher.active()).contains("tenant-01").doesNotContain("late-joiner");

        var control = env.app("ControlFunction").tenants();
        control.save(new Tenant("late-joiner", "Late", true, env.tenantApp().baseUrlFor("late-joiner"), Map.of()));
        Tenant first = control.find("tenant-01").orElseThrow();
        control.save(new Tenant(first.id(), first.name(), false, first.endpointBaseUrl(), first.settings()));
        assertThat(control.activeTenants()).extracting(Tenant::id).contains("late-joiner").doesNotContain("tenant-01");
        clock.advance(TTL.minusSeconds(1));
        assertThat(dispatcher.active()).as("still cached in another container").contains("tenant-01");

        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.active()).contains("late-joiner").doesNotContain("tenant-01");
        control.save(first);
    }

    @Test
    void theBackfillIndexesActiveProfilesSavedBeforeTheIndex() {
        // A profile as the earlier version wrote it: active, without the index attribute.
        Map<String, AttributeValue> legacy = new HashMap<>(TenantsTable.profile(TenantId.of("legacy-1")));
        legacy.put("tenantId", AttributeValue.fromS("legacy-1"));
        legacy.put("name", AttributeValue.fromS("Legacy"));
        legacy.put("active", AttributeValue.fromBool(true));
        recorded.putItem(b -> b.tableName(table).item(legacy));
        DynamoTenantDirectory uncached = new DynamoTenantDirectory(recorded, table);
        assertThat(uncached.activeTenants()).extracting(Tenant::id).doesNotContain("legacy-1");

        assertThat(new TenantIndexBackfill(recorded, table).run()).isEqualTo(1);
        assertThat(uncached.activeTenants()).extracting(Tenant::id).contains("legacy-1");
        assertThat(new TenantIndexBackfill(recorded, table).run()).as("a second run").isZero();
    }
}
