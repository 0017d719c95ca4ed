package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TickEndToEndIT {

    static SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-23T12:59:30Z"), Cadencia.ZONE);
    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(3);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void aTickReachesEveryTenantEndpointOnceThroughQueueAndWorker() {
        Job job = env.catalogue().require("report_almoco");
        Instant scheduled = Instant.parse("2026-11-23T16:00:00Z");
        clock.set(scheduled);

        Map<String, Object> dispatched = env.tick(job, scheduled);
        LocalEnvironment.DrainResult drained = env.drain(job.category());

        assertThat(dispatched).containsEntry("status", "DISPATCHED").containsEntry("messages", 3);
        assertThat(drained.messages()).isEqualTo(3);
        List<TenantApp.Call> calls = env.tenantApp().calls().stream().filter(c -> job.name().equals(c.job())).toList();
        assertThat(calls).extracting(TenantApp.Call::tenantId).containsExactlyInAnyOrder("tenant-01", "tenant-02", "tenant-03");
        assertThat(calls).allMatch(TenantApp.Call::signatureValid);
        assertThat(calls).extracting(TenantApp.Call::path).allMatch(p -> p.endsWith("/jobs/report-periodo?tipo=almoco"));
        List<RunRecord> runs = env.app("ControlFunction").runs().byJob(job.name(), 10);
        assertThat(runs).filteredOn(r -> r.tenantId() != null).hasSize(3).allMatch(r -> RunStatus.SUCCEEDED.is(r.result()));
    }
}
