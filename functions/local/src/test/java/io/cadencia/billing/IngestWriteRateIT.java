package io.cadencia.billing;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.local.BillingData;
import io.cadencia.local.BillingSimulation;
import io.cadencia.local.EmbeddedAws;
import io.cadencia.local.LocalEnvironment;
import io.cadencia.local.Metering;
import io.cadencia.local.SimulatedClock;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large ingest writes one tenant's partition key: its write units, as DynamoDB counts them, stay per billing what
 * docs/capacity.md says, and its pace keeps that partition well under DynamoDB's 1,000 write units a second.
 */
class IngestWriteRateIT {

    @Test
    void aThousandBillingIngestWritesFiveUnitsPerBillingAtUnderAThousandUnitsASecond() throws Exception {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T13:00:00Z"), Cadencia.ZONE);
        AwsCallRecorder recorder = new AwsCallRecorder();
        try (LocalEnvironment env = LocalEnvironment.start(clock, BillingSimulation.FAST_SENDING, EmbeddedAws.DynamoMode.IN_PROCESS, Metering.recording(recorder));
             EvolutionSimulator sim = new EvolutionSimulator("global-key", clock)) {
            Tenant tenant = new Tenant("rate-1", "Rate", true, env.tenantApp().baseUrlFor("rate-1"), Map.of());
            env.addTenant(tenant);
            BillingSimulation.configure(env, tenant, sim, Map.of(BillingConfig.REMINDER_PLAN, "D0"));
            List<Map<String, Object>> billings = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                billings.add(BillingData.valid("rate-" + i, i, LocalDate.of(2026, 11, 30)));
            }
            recorder.reset();
            Instant started = clock.instant();
            assertThat(BillingSimulation.ingest(env, tenant.id(), billings)).containsEntry("created", 1000);
            Duration took = Duration.between(started, clock.instant());

            String table = env.deployment().resolve("WorkTable");
            double tableUnits = recorder.capacity().entrySet().stream().filter(e -> e.getKey().resource().equals(table))
                    .mapToDouble(e -> e.getValue().write()).sum();
            // Index row, cycle, new contact and message; the due index entry; a wake and a rotation block per chunk.
            assertThat(tableUnits / 1000).isBetween(4.0, 4.05);
            assertThat(recorder.writeUnits() / 1000).isBetween(5.0, 5.05);
            assertThat(took).isGreaterThanOrEqualTo(BillingIngest.CHUNK_PACE.multipliedBy(9));
            assertThat(tableUnits / took.toMillis() * 1000).as("write units a second on the tenant's partition").isLessThan(500);
        }
    }
}
