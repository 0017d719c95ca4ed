package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.billing.BillingConfig;
import io.cadencia.billing.MessageSender;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.tenant.Tenant;
import io.cadencia.work.JobContext;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures, on the embedded stack: the ingest time of one 1,000-billing call, and sends per second for one instance
 * when one worker drains 1,000 due messages (gap and typing delay at zero, so this is the system's own ceiling;
 * in production the 1–3 s ban-avoidance gap caps an instance at roughly 0.5 sends/s).
 */
public final class BillingBench {

    private BillingBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        // IN_PROCESS is what simulate uses by default; SERVER reaches DynamoDB Local over HTTP like the real service.
        EmbeddedAws.DynamoMode mode = args.length > 1 ? EmbeddedAws.DynamoMode.valueOf(args[1]) : EmbeddedAws.DynamoMode.IN_PROCESS;
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T13:00:00Z"), Cadencia.ZONE);
        try (LocalEnvironment env = LocalEnvironment.start(clock, BillingSimulation.FAST_SENDING, mode);
             EvolutionSimulator sim = new EvolutionSimulator("global-key", clock)) {
            Tenant tenant = new Tenant("bench-1", "Bench", true, env.tenantApp().baseUrlFor("bench-1"), Map.of());
            env.addTenant(tenant);
            BillingSimulation.configure(env, tenant, sim, Map.of(BillingConfig.REMINDER_PLAN, "D0"));
            List<Map<String, Object>> billings = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                billings.add(BillingData.valid("bench-" + i, i, LocalDate.of(2026, 11, 23)));
            }
            // Warm-up: one small call, so class loading and JIT do not count against the measured call.
            BillingSimulation.ingest(env, tenant.id(), List.of(BillingData.valid("warm-up", 9_999_999, LocalDate.of(2026, 12, 20))));

            long t0 = System.nanoTime();
            Map<String, Object> result = BillingSimulation.ingest(env, tenant.id(), billings);
            long ingestMillis = (System.nanoTime() - t0) / 1_000_000;

            Cadencia worker = env.app("CriticoWorkerFunction");
            Job job = worker.catalogue().require(MessageSender.JOB);
            long t1 = System.nanoTime();
            int sent = 0;
            for (int run = 0; run < count / MessageSender.MAX_PER_RUN + 2; run++) {
                WorkMessage work = new WorkMessage(job.name(), job.category(), tenant.tenantId(), clock.instant(), job.endpoint(), Trigger.MANUAL);
                Tenant current = worker.tenants().find(tenant.id()).orElseThrow();
                sent += worker.registry().runnerFor(job.name()).run(new JobContext(job, work, current,
                        worker.tenants().settingsOf(current), clock, worker.instanceId())).succeeded();
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("DynamoDB Local mode: %s%n", mode);
            System.out.printf("ingest: %d billings in one call: %d ms (%s created)%n", count, ingestMillis, result.get("created"));
            System.out.printf("send: %d messages through one instance in %.1f s: %.1f sends/s (simulator accepted %d, duplicates %d)%n",
                    sent, seconds, sent / seconds, sim.sentCount(), sim.duplicateSends());
        }
    }
}
