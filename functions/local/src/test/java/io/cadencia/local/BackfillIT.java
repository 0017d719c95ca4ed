package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.UnknownNameException;
import io.cadencia.lambda.ControlHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control function's backfill: a past time range of a job, every fire time once, apart from the schedule's ticks. */
class BackfillIT {

    /** Tuesday 2026-11-24 12:00 in São Paulo. */
    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T15:00:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;
    static ControlHandler control;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(2);
        control = (ControlHandler) env.handler("ControlFunction");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static Map<String, Object> backfill(String job, String from, String to, String... tenant) {
        Map<String, Object> request = new LinkedHashMap<>(Map.of("action", "backfill", "job", job, "from", from, "to", to));
        if (tenant.length > 0) {
            request.put("tenant", tenant[0]);
        }
        return control.handleRequest(request, null);
    }

    static List<TenantApp.Call> callsOf(String job) {
        return env.tenantApp().calls().stream().filter(c -> job.equals(c.job())).toList();
    }

    @Test
    void everyFireTimeInTheRangeRunsOnceForEveryTenantWithItsOwnTrigger() {
        Map<String, Object> response = backfill("report_almoco", "2026-11-20T00:00", "2026-11-23T13:00-03:00");
        assertThat(response).containsEntry("fireTimes", 3).containsEntry("dispatched", 3).containsEntry("messages", 6)
                .containsEntry("from", "2026-11-20T00:00-03:00").containsEntry("to", "2026-11-23T13:00-03:00");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ticks = (List<Map<String, Object>>) response.get("ticks");
        assertThat(ticks).extracting(t -> t.get("scheduledTime")).as("13:00 of the 20th, 21st and 22nd; 'to' is not included")
                .containsExactly("2026-11-20T13:00-03:00", "2026-11-21T13:00-03:00", "2026-11-22T13:00-03:00");
        env.drain("report");
        assertThat(callsOf("report_almoco")).hasSize(6).allMatch(c -> c.trigger().equals("backfill"))
                .extracting(TenantApp.Call::scheduledTime).containsOnly("2026-11-20T16:00:00Z", "2026-11-21T16:00:00Z", "2026-11-22T16:00:00Z");

        assertThat(backfill("report_almoco", "2026-11-20T00:00", "2026-11-23T13:00-03:00")).as("asked again: each was claimed")
                .containsEntry("dispatched", 0).containsEntry("messages", 0);
        Job job = env.catalogue().require("report_almoco");
        assertThat(env.tick(job, Instant.parse("2026-11-22T16:00:00Z"))).as("the schedule's own tick of a backfilled time is a claim of its own")
                .containsEntry("status", "DISPATCHED");
        env.drain("report");
        assertThat(callsOf("report_almoco")).hasSize(8);
        assertThat(env.tenantApp().duplicateEffects()).isZero();
    }

    @Test
    void aBackfillForOneTenantRunsEvenWhileItsJobIsPaused() {
        control.handleRequest(Map.of("action", "pause", "job", "report_tarde", "reason", "test"), null);
        try {
            assertThat(backfill("report_tarde", "2026-11-23T00:00-03:00", "2026-11-24T00:00-03:00", "tenant-02"))
                    .containsEntry("tenant", "tenant-02").containsEntry("dispatched", 1).containsEntry("messages", 1);
            env.drain("report");
            assertThat(callsOf("report_tarde")).extracting(TenantApp.Call::tenantId).containsExactly("tenant-02");
        } finally {
            control.handleRequest(Map.of("action", "resume", "job", "report_tarde"), null);
        }
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndValueBeforeAnythingIsDispatched() {
        assertThatThrownBy(() -> backfill("report_nenhum", "2026-11-20T00:00", "2026-11-21T00:00"))
                .isInstanceOf(UnknownNameException.class).hasMessageStartingWith("unknown job 'report_nenhum'; known: ");
        assertThatThrownBy(() -> control.handleRequest(Map.of("action", "backfill", "job", "report_manha", "to", "2026-11-21T00:00"), null))
                .hasMessage("action 'backfill' requires field 'from'");
        assertThatThrownBy(() -> backfill("report_manha", "ontem", "2026-11-21T00:00"))
                .hasMessage("field 'from' value 'ontem' is not an ISO-8601 time with an offset (2026-11-24T08:00-03:00) or a São Paulo local time (2026-11-24T08:00)");
        assertThatThrownBy(() -> backfill("report_manha", "2026-11-21T00:00", "2026-11-20T00:00"))
                .hasMessage("field 'from' value '2026-11-21T00:00' must be before field 'to' value '2026-11-20T00:00'");
        assertThatThrownBy(() -> backfill("report_manha", "2026-11-21T00:00", "2026-11-25T00:00"))
                .hasMessage("field 'to' value '2026-11-25T00:00' is in the future (now 2026-11-24T12:00-03:00): a backfill runs past fire times only; use run-now for now");
        assertThatThrownBy(() -> backfill("sincronizar_briefing", "2026-11-18T00:00", "2026-11-24T00:00"))
                .hasMessage("fields 'from' and 'to' (2026-11-18T00:00-03:00 to 2026-11-24T00:00-03:00) hold more than 100 fire times of job "
                        + "'sincronizar_briefing' (cron(0 * * * ? *) America/Sao_Paulo); backfill at most 100 at a time");
        assertThatThrownBy(() -> backfill("report_semanal", "2026-11-24T00:00", "2026-11-24T11:00"))
                .hasMessage("job 'report_semanal' (cron(0 9 ? * MON *) America/Sao_Paulo) has no fire time at or after field 'from' "
                        + "(2026-11-24T00:00-03:00) and before field 'to' (2026-11-24T11:00-03:00)");
        assertThatThrownBy(() -> backfill("report_manha", "2026-11-20T00:00", "2026-11-21T00:00", "ghost"))
                .isInstanceOf(UnknownNameException.class).hasMessageStartingWith("unknown tenant 'ghost'");
        assertThat(callsOf("report_manha")).isEmpty();
    }
}
