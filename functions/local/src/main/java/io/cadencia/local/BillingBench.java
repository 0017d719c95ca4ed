package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsCallRecorder;
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
import java.util.TreeMap;

/**
 * Measures, on the embedded stack: the ingest time of one 1,000-billing call, and sends per second for one instance
 * when one worker drains 1,000 due messages (gap and typing delay at zero, so this is the system's own ceiling;
 * in production the 1–3 s ban-avoidance gap caps an instance at roughly 0.5 sends/s).
 */
public final class BillingBench {

    private BillingBench() {
    }

    /** Write units by phase and by table or index, from the consumed capacity the recorder summed. */
    static final class WriteUnits {
        private final AwsCallRecorder recorder;
        private final List<String> phases = new ArrayList<>();
        private final Map<String, Map<String, Double>> byResource = new TreeMap<>();
        private String phase;

        WriteUnits(AwsCallRecorder recorder) {
            this.recorder = recorder;
        }

        void start(String name) {
            stop();
            phases.add(name);
            phase = name;
            recorder.reset();
        }

        void stop() {
            if (phase == null) {
                return;
            }
            String current = phase;
            recorder.capacity().forEach((key, units) ->
                    byResource.computeIfAbsent(key.resource(), r -> new TreeMap<>()).merge(current, units.write(), Double::sum));
            phase = null;
        }

        /** Per billing: a row per table or index, a column per phase and the total. */
        void print(int billings) {
            System.out.println("write units per billing (consumed capacity: tables and indexes):");
            System.out.printf("  %-34s%s %8s%n", "", phases.stream().map(p -> String.format("%8s", p)).reduce("", String::concat), "total");
            byResource.forEach((resource, units) -> row(resource, units, billings));
            Map<String, Double> all = new TreeMap<>();
            byResource.values().forEach(units -> units.forEach((p, u) -> all.merge(p, u, Double::sum)));
            row("all", all, billings);
            System.out.printf("write units per billing: %s total=%.2f%n", phases.stream()
                    .map(p -> String.format("%s=%.2f", p, all.getOrDefault(p, 0.0) / billings)).reduce((a, b) -> a + " " + b).orElse(""),
                    all.values().stream().mapToDouble(Double::doubleValue).sum() / billings);
        }

        private void row(String name, Map<String, Double> units, int billings) {
            double total = units.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total > 0) {
                System.out.printf("  %-34s%s %8.2f%n", name, phases.stream().map(p -> String.format("%8.2f", units.getOrDefault(p, 0.0) / billings))
                        .reduce("", String::concat), total / billings);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        // IN_PROCESS is what simulate uses by default; SERVER reaches DynamoDB Local over HTTP like the real service.
        EmbeddedAws.DynamoMode mode = args.length > 1 ? EmbeddedAws.DynamoMode.valueOf(args[1]) : EmbeddedAws.DynamoMode.IN_PROCESS;
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T13:00:00Z"), Cadencia.ZONE);
        AwsCallRecorder recorder = new AwsCallRecorder();
        WriteUnits writeUnits = new WriteUnits(recorder);
        try (LocalEnvironment env = LocalEnvironment.start(clock, BillingSimulation.FAST_SENDING, mode, Metering.recording(recorder));
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

            writeUnits.start("ingest");
            long t0 = System.nanoTime();
            Map<String, Object> result = BillingSimulation.ingest(env, tenant.id(), billings);
            long ingestMillis = (System.nanoTime() - t0) / 1_000_000;
            writeUnits.start("send");

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
            writeUnits.stop();
            System.out.printf("DynamoDB Local mode: %s%n", mode);
            writeUnits.print(count);
            System.out.printf("ingest: %d billings in one call: %d ms (%s created)%n", count, ingestMillis, result.get("created"));
            System.out.printf("send: %d messages through one instance in %.1f s: %.1f sends/s (simulator accepted %d, duplicates %d)%n",
                    sent, seconds, sent / seconds, sim.sentCount(), sim.duplicateSends());
        }
    }
}
