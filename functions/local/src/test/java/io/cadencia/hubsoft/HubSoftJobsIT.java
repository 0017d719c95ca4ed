package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import io.cadencia.catalogue.Job;
import io.cadencia.local.TenantApp;
import io.cadencia.local.hubsoft.HubSoftSimulator;
import io.cadencia.tenant.Tenant;
import io.cadencia.work.RunRecord;
import io.cadencia.worktable.WorkTable;
import io.cadencia.work.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in HubSoft jobs through the real pipeline: scheduler tick → dispatcher → SQS → worker. */
class HubSoftJobsIT {

    static HubSoftHarness h;

    @BeforeAll
    static void start() {
        // The pipeline's Lambdas wait for rate-limit tokens in real time while this test's clock stands still, so
        // their budget is raised; the limiter itself is proven in HubSoftRateLimitIT.
        h = new HubSoftHarness(1000, Map.of("HUBSOFT_REQUESTS_PER_MINUTE", "600"));
        h.env.seedTenants(2);
        h.configure("tenant-01", h.sim.credentialsJson());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void theHourlySyncUpdatesEveryTrackedTicketFromPagesNotOneRequestPerTicket() {
        for (long id = 1; id <= 250; id++) {
            h.sim.addTicket(id, "pendente", java.time.LocalDate.of(2026, 11, 2));
        }
        List<Long> tracked = new ArrayList<>();
        for (long id = 5; id <= 250; id += 8) {
            tracked.add(id);
            putWork("tenant-01", WorkTable.ticket(id), Map.of("hubsoftStatus", Attr.s("pendente")));
        }
        tracked.stream().filter(id -> id % 3 == 0).forEach(id -> h.sim.setTicketStatus(id, "finalizado"));
        h.sim.resetCounters();

        Job job = h.env.catalogue().require("sincronizar_briefing");
        Instant at = Instant.parse("2026-11-23T13:00:00Z");
        h.clock.set(at);
        h.env.tick(job, at);
        h.env.drain(job.category());

        assertThat(h.sim.requestCount(HubSoftSimulator.TICKET_PAGE)).as("250 tickets, 100 per page").isEqualTo(3);
        assertThat(h.sim.received()).filteredOn(r -> r.path().contains("/atendimento/paginado/"))
                .allSatisfy(r -> assertThat(r.query()).containsEntry("data_inicio", "2026-08-25").containsEntry("data_fim", "2026-11-23"));
        for (long id : tracked) {
            Map<String, AttributeValue> item = getWork("tenant-01", WorkTable.ticket(id));
            assertThat(Attr.str(item, "hubsoftStatus")).isEqualTo(id % 3 == 0 ? "finalizado" : "pendente");
            assertThat(Attr.str(item, "syncedAt")).isEqualTo(at.toString());
        }
        RunRecord run = run(job, "tenant-01");
        assertThat(run.result()).isEqualTo(RunStatus.SUCCEEDED.wire());
        assertThat(run.detail()).contains("synced " + tracked.size() + " of " + tracked.size(), "3 page(s)");
        // tenant-02 has no HubSoft: its own endpoint still gets the job.
        assertThat(h.env.tenantApp().calls()).extracting(TenantApp.Call::tenantId, TenantApp.Call::job)
                .contains(org.assertj.core.groups.Tuple.tuple("tenant-02", "sincronizar_briefing"))
                .doesNotContain(org.assertj.core.groups.Tuple.tuple("tenant-01", "sincronizar_briefing"));
    }

    @Test
    void theDailyCheckupReadsContractStatusCacheFirstAndReportsSuspendedAndCancelledClients() {
        List<String> suspended = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String document = String.format("%011d", 30_000_000_000L + i);
            String status = i % 20 == 3 ? "suspenso_debito" : i % 33 == 7 ? "cancelado" : "servico_habilitado";
            (status.equals("suspenso_debito") ? suspended : status.equals("cancelado") ? cancelled : new ArrayList<String>()).add(document);
            h.sim.addClient(document, "Cliente " + i, "37988242968", status);
            putWork("tenant-01", WorkTable.hubsoftClient(document), Map.of("active", Attr.bool(true)));
        }
        putWork("tenant-01", WorkTable.hubsoftClient("39999999999"), Map.of("active", Attr.bool(false)));
        h.sim.resetCounters();

        Job job = h.env.catalogue().require("doctor_state_manutencao_diaria");
        Instant at = Instant.parse("2026-11-24T06:00:00Z");
        h.clock.set(at);
        h.env.tick(job, at);
        h.env.drain(job.category());

        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LIST)).as("one page of cliente/todos for 100 clients").isEqualTo(1);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isZero();
        RunRecord run = run(job, "tenant-01");
        assertThat(run.processed()).isEqualTo(100);
        assertThat(run.detail()).contains("suspended=" + suspended, "cancelled=" + cancelled, "0 from cache");
        assertThat(h.env.metrics().total("hubsoft.checkup.suspended")).isEqualTo(suspended.size());

        // Later the same day every status is still fresh (4 h): a client check and a second checkup cost nothing.
        h.sim.resetCounters();
        Instant later = at.plus(Duration.ofHours(2));
        h.clock.set(later);
        // The checkup is a tenant-time job: the tenant moves its time to 05:00 (08:00 UTC), from its next slot on.
        Tenant tenant = h.env.app("ControlFunction").tenants().require("tenant-01");
        Map<String, String> settings = new HashMap<>(tenant.settings());
        settings.put("horario_verificacao", "05:00");
        h.env.app("ControlFunction").tenants().save(new Tenant(tenant.id(), tenant.name(), tenant.active(), tenant.endpointBaseUrl(), settings));
        assertThat(h.env.app("ControlFunction").hubsoft().clientInfo("tenant-01", suspended.get(0), false, Priority.HIGH)
                .orElseThrow().value().contractStatus()).isEqualTo(ContractStatus.SUSPENDED);
        h.env.tick(job, later);
        h.env.drain(job.category());
        assertThat(h.sim.totalRequests()).isZero();
        assertThat(run(job, "tenant-01").detail()).contains("100 from cache");
    }

    private static RunRecord run(Job job, String tenant) {
        return h.env.app("ControlFunction").runs().byJob(job.name(), 20).stream()
                .filter(r -> tenant.equals(r.tenantId())).findFirst().orElseThrow();
    }

    private static void putWork(String tenant, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("pk", Attr.s(tenant));
        item.put("sk", Attr.s(sk));
        h.env.aws().clients().dynamo().putItem(b -> b.tableName(h.workTable()).item(item));
    }

    private static Map<String, AttributeValue> getWork(String tenant, String sk) {
        return h.env.aws().clients().dynamo().getItem(b -> b.tableName(h.workTable()).key(Attr.key(tenant, sk)).consistentRead(true)).item();
    }
}
