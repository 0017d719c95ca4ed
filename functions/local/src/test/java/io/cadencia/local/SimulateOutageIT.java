package io.cadencia.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.cadencia.aws.Json;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.TemplateCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./cadencia simulate --outage}: no tick scheduled in the outage reaches a dispatcher, and the first tick of
 * each job after it catches up as the job's policy says, which the report shows per job and in total.
 */
class SimulateOutageIT {

    @Test
    void eachPolicyShowsInTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        int exit = new CommandLine(new Main()).execute("simulate", "--from", "2026-11-24T01:00-03:00", "--hours", "10", "--tenants", "1",
                "--outage", "2026-11-24T01:30-03:00/2026-11-24T09:30", "--report", report.toString());
        assertThat(exit).as("no duplicate effect, no overrun").isZero();
        JsonNode root = Json.MAPPER.readTree(report.toFile());
        JsonNode jobs = root.path("jobs");

        assertThat(root.path("outage").asText()).isEqualTo("2026-11-24T04:30:00Z/2026-11-24T12:30:00Z");
        assertThat(jobs.path("verificar_whatsapp").path("missedTicks").asInt()).as("every 5 minutes for 8 hours").isEqualTo(96);
        assertThat(jobs.path("verificar_whatsapp").path("caughtUp").asInt()).as("skip").isZero();
        assertThat(jobs.path("sincronizar_briefing").path("missedTicks").asInt()).isEqualTo(8);
        assertThat(jobs.path("sincronizar_briefing").path("caughtUp").asInt()).as("once").isEqualTo(1);
        assertThat(jobs.path("processar_confirmacao_plantao").path("missedTicks").asInt()).isEqualTo(8);
        assertThat(jobs.path("processar_confirmacao_plantao").path("caughtUp").asInt()).as("all, at most 6").isEqualTo(6);
        assertThat(jobs.path("processar_mensagens_agendadas").path("missedTicks").asInt())
                .as("due-driven: its sweeps, every 15 minutes, are the ticks it can tell missed").isEqualTo(32);

        int missed = 0;
        int caughtUp = 0;
        for (Job job : TemplateCatalogue.fromClasspath().jobs()) {
            JsonNode figures = jobs.path(job.name());
            int expected = switch (job.catchUp().policy()) {
                case SKIP -> 0;
                case ONCE -> Math.min(1, figures.path("missedTicks").asInt());
                case ALL -> Math.min(job.catchUp().max(), figures.path("missedTicks").asInt());
            };
            assertThat(figures.path("caughtUp").asInt()).as(job.name() + " " + job.catchUp().describe()).isEqualTo(expected);
            missed += figures.path("missedTicks").asInt();
            caughtUp += figures.path("caughtUp").asInt();
        }
        assertThat(root.path("missedTicks").asInt()).isEqualTo(missed);
        assertThat(root.path("caughtUp").asInt()).isEqualTo(caughtUp).isEqualTo(7);
        assertThat(root.path("undeliveredTicks").asInt()).as("every tick scheduled in the 8 hours").isPositive();
    }

    @Test
    void aBadOutageIsRefusedNamingTheOptionAndValue() {
        assertThatThrownBy(() -> Main.parseOutage("2026-11-24T01:30-03:00"))
                .hasMessage("--outage value '2026-11-24T01:30-03:00' is not FROM/TO, e.g. 2026-11-24T02:30-03:00/2026-11-24T09:30-03:00");
        assertThatThrownBy(() -> Main.parseOutage("2026-11-24T09:30/2026-11-24T01:30")).hasMessage("--outage value '2026-11-24T09:30/2026-11-24T01:30': FROM must be before TO");
        assertThatThrownBy(() -> Main.parseOutage("ontem/hoje")).hasMessageStartingWith("--outage FROM value 'ontem' is not ISO-8601");
        assertThat(Main.parseOutage("2026-11-24T01:30-03:00/2026-11-24T09:30")).as("an offset, or São Paulo local time")
                .isEqualTo(new Simulation.Outage(java.time.Instant.parse("2026-11-24T04:30:00Z"), java.time.Instant.parse("2026-11-24T12:30:00Z")));
    }
}
