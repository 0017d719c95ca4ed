package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIsolationIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(2);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void aWorkerForTenantACannotReadOrWriteTenantBsItems() {
        Cadencia app = env.app("SyncWorkerFunction");
        TenantScope b = app.workOf("tenant-02");
        Map<String, AttributeValue> item = new HashMap<>(b.key("TICKET#1"));
        item.put("status", AttributeValue.fromS("open"));
        b.put(PutItemRequest.builder().item(item).build());

        TenantScope a = app.workOf("tenant-01");
        assertThatThrownBy(() -> a.get(b.key("TICKET#1")))
                .isInstanceOf(TenantScope.TenantIsolationException.class).hasMessageContaining("outside tenant 'tenant-01'");
        assertThatThrownBy(() -> a.update(UpdateItemRequest.builder().key(b.key("TICKET#1"))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("closed"))).build()))
                .isInstanceOf(TenantScope.TenantIsolationException.class);
        assertThatThrownBy(() -> a.put(PutItemRequest.builder().item(Map.of("pk", AttributeValue.fromS("tenant-02#x"), "sk", AttributeValue.fromS("y"))).build()))
                .isInstanceOf(TenantScope.TenantIsolationException.class);
        // Prefix lookalikes are other tenants too.
        assertThatThrownBy(() -> app.workOf("tenant-0").get(b.key("TICKET#1"))).isInstanceOf(TenantScope.TenantIsolationException.class);
        assertThat(a.query("TICKET#", 10)).isEmpty();
        assertThat(b.get(b.key("TICKET#1")).orElseThrow().get("status").s()).isEqualTo("open");
    }

    @Test
    void aTenantsRunWritesOnlyItsOwnRecordsAndCallsOnlyItsOwnEndpointWithItsOwnKey() {
        Job job = env.catalogue().require("sincronizar_templates");
        Instant at = Instant.parse("2026-11-24T09:00:00Z");
        clock.set(at);
        env.tick(job, at);
        env.drain(job.category());

        List<TenantApp.Call> calls = env.tenantApp().calls().stream()
                .filter(c -> job.name().equals(c.job()) && List.of("tenant-01", "tenant-02").contains(c.tenantId()) && c.headerMatchesPath()).toList();
        assertThat(calls).hasSize(2).allMatch(TenantApp.Call::signatureValid);
        // Read back with an unscoped scan of the whole runs table: a tenant-scoped query could only ever return items
        // under the tenant it was asked for, so checking its answer proved nothing. Each tenant's run of this tick
        // must be stored under that tenant's own key.
        String runsTable = env.app("ControlFunction").config().runsTable();
        List<Map<String, AttributeValue>> runItems = env.aws().clients().dynamo()
                .scanPaginator(b -> b.tableName(runsTable).consistentRead(true)).items().stream()
                .filter(i -> i.get("sk").s().startsWith("RUN#") && job.name().equals(i.get("job").s())).toList();
        assertThat(runItems).extracting(i -> i.get("pk").s()).contains("tenant-01", "tenant-02").doesNotHaveDuplicates();
        assertThat(runItems).allSatisfy(i -> assertThat(i.get("pk").s()).as("key of %s", i).isEqualTo(i.get("tenantId").s()));
    }

    @Test
    void anEndpointSignedWithAnotherTenantsKeyIsRejectedByTheTenantApp() {
        env.addTenant(new Tenant("tenant-x", "X", true, env.tenantApp().baseUrlFor("tenant-01"), Map.of()));
        Job job = env.catalogue().require("report_manha");
        Instant at = Instant.parse("2026-11-24T06:00:00Z");
        clock.set(at);
        env.tick(job, at);
        env.drain(job.category());
        // tenant-x pointed its base URL at tenant-01's app: its calls are signed with its own key, so they are refused.
        List<TenantApp.Call> toTenant01 = env.tenantApp().calls().stream().filter(c -> job.name().equals(c.job()) && c.tenantId().equals("tenant-01")).toList();
        assertThat(toTenant01).hasSize(2);
        assertThat(toTenant01).filteredOn(TenantApp.Call::headerMatchesPath).allMatch(TenantApp.Call::signatureValid);
        assertThat(toTenant01).filteredOn(c -> !c.headerMatchesPath()).singleElement().satisfies(c -> assertThat(c.signatureValid()).isFalse());
        List<RunRecord> xRuns = env.app("ControlFunction").runs().byTenant("tenant-x", 10);
        assertThat(xRuns).filteredOn(r -> job.name().equals(r.job())).singleElement().satisfies(r -> assertThat(r.result()).isEqualTo(RunStatus.FAILED.wire()));
    }
}
