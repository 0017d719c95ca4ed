package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.work.RunLedger;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fast-forwards a simulated clock through every schedule of template.yaml, in order: at each fire time the
 * scheduler's tick goes to the category's dispatcher (some ticks are delivered twice, as EventBridge's
 * at-least-once delivery allows), then every queue is drained through the real workers before time moves on.
 */
public final class Simulation {

    /** What to simulate. {@code duplicateTickRate} is the share of ticks delivered twice. */
    public record Options(Instant from, Duration length, int tenants, double duplicateTickRate, long seed) {
    }

    /** Per-job figures: ticks fired, tenant messages dispatched, runs that succeeded or failed. */
    public record JobFigures(int ticks, int dispatched, int succeeded, int failed) {
    }

    /** {@code billings}: ingest figures of the seeded billings; {@code messages}: reminders by status plus duplicateSends. */
    public record Report(Instant from, Instant to, int tenants, Map<String, JobFigures> jobs, int duplicateTicksDelivered,
                         int duplicateEffects, int deadLettered, double wallSeconds, Map<String, Object> billings,
                         Map<String, Integer> messages, int overruns) {

        /** Tenant runs that ran to a result (succeeded or failed), over every job. */
        public int tenantRuns() {
            return jobs.values().stream().mapToInt(f -> f.succeeded() + f.failed()).sum();
        }

        /** Tenant runs per second of wall time, seeding included. */
        public double tenantRunsPerSecond() {
            return wallSeconds > 0 ? tenantRuns() / wallSeconds : 0;
        }
    }

    /** Billings seeded per tenant for processar_mensagens_agendadas (issue #3). */
    public static final int BILLINGS_PER_TENANT = 50;

    private static final String CRITICAL = "critico";

    private final LocalEnvironment env;
    private final SimulatedClock clock;
    private final PrintStream out;

    public Simulation(LocalEnvironment env, SimulatedClock clock, PrintStream out) {
        this.env = env;
        this.clock = clock;
        this.out = out;
    }

    /** The next local midnight in America/Sao_Paulo after {@code now}. */
    public static Instant nextLocalMidnight(Instant now) {
        return ZonedDateTime.ofInstant(now, Cadencia.ZONE).toLocalDate().plusDays(1).atStartOfDay(Cadencia.ZONE).toInstant();
    }

    public Report run(Options options) {
        long started = System.nanoTime();
        Instant to = options.from().plus(options.length());
        List<io.cadencia.tenant.Tenant> seeded = env.seedTenants(options.tenants());
        BillingSimulation.Session billing = BillingSimulation.start(env, seeded, new Random(options.seed()), BILLINGS_PER_TENANT);
        out.printf("seeded billings: %s%n", billing.seeded().toMap());
        TreeMap<Instant, List<Job>> timeline = timeline(options.from(), to);
        int totalTicks = timeline.values().stream().mapToInt(List::size).sum();
        out.printf("simulating %s → %s (%s), %d tenants, %d ticks of %d jobs%n", local(options.from()), local(to),
                Cadencia.ZONE, options.tenants(), totalTicks, env.catalogue().jobs().size());

        Map<String, int[]> perJob = new TreeMap<>();
        env.catalogue().jobs().forEach(j -> perJob.put(j.name(), new int[2]));
        Random random = new Random(options.seed());
        int duplicates = 0;
        int done = 0;
        ExecutorService drainers = Executors.newFixedThreadPool(4);
        try {
            ZonedDateTime nextProgress = ZonedDateTime.ofInstant(options.from(), Cadencia.ZONE).plusHours(1);
            for (Map.Entry<Instant, List<Job>> at : timeline.entrySet()) {
                // Work of the previous tick may have taken the clock past this fire time (send gaps, waits): time
                // never goes back, the tick is then delivered late, as a busy scheduler target would see it.
                if (clock.instant().isBefore(at.getKey())) {
                    clock.set(at.getKey());
                }
                List<Future<Integer>> ticks = new ArrayList<>();
                for (Job job : at.getValue()) {
                    boolean twice = random.nextDouble() < options.duplicateTickRate();
                    duplicates += twice ? 1 : 0;
                    // Each job has its own schedule and the scheduler fires them independently, so they dispatch side by side.
                    ticks.add(drainers.submit(() -> {
                        int messages = ((Number) env.tick(job, at.getKey()).get("messages")).intValue();
                        if (twice) {
                            env.tick(job, at.getKey());
                        }
                        return messages;
                    }));
                }
                Map<String, Integer> enqueued = new TreeMap<>();
                for (int i = 0; i < ticks.size(); i++) {
                    Job job = at.getValue().get(i);
                    int[] counts = perJob.get(job.name());
                    int messages = await(ticks.get(i));
                    counts[0]++;
                    counts[1] += messages;
                    enqueued.merge(job.category(), messages, Integer::sum);
                }
                drainAll(enqueued, drainers);
                done += at.getValue().size();
                if (!at.getKey().isBefore(nextProgress.toInstant()) || done == totalTicks) {
                    out.printf("  %s  %5d/%d ticks  %6d endpoint calls  %5.1fs%n", local(at.getKey()), done, totalTicks,
                            env.tenantApp().callCount(), (System.nanoTime() - started) / 1e9);
                    nextProgress = nextProgress.plusHours(1);
                }
            }
        } finally {
            drainers.shutdownNow();
        }
        Map<String, Integer> messages = billing.messageCounts();
        billing.close();
        Map<String, JobFigures> jobs = new LinkedHashMap<>();
        RunLedger runs = env.app("ControlFunction").runs();
        perJob.forEach((name, counts) -> {
            int succeeded = 0;
            int failed = 0;
            for (RunRecord r : runs.byJob(name, Integer.MAX_VALUE)) {
                if (r.tenantId() != null && !r.scheduledTime().isBefore(options.from()) && r.scheduledTime().isBefore(to)) {
                    if (RunStatus.FAILED.is(r.result())) {
                        failed++;
                    } else if (RunStatus.SUCCEEDED.is(r.result())) {
                        succeeded++;
                    }
                }
            }
            jobs.put(name, new JobFigures(counts[0], counts[1], succeeded, failed));
        });
        int deadLettered = 0;
        for (String category : env.catalogue().categories()) {
            deadLettered += env.depth(env.deployment().functionFor("WorkerHandler", category).config().deadLetterUrl(category));
        }
        return new Report(options.from(), to, options.tenants(), jobs, duplicates, env.tenantApp().duplicateEffects(),
                deadLettered, (System.nanoTime() - started) / 1e9, billing.seeded().toMap(), messages, env.overruns().size());
    }

    /**
     * Drains every category that got work, or has handed-back work due again, side by side, as their separate
     * workers would.
     */
    private void drainAll(Map<String, Integer> enqueued, ExecutorService drainers) {
        env.categoriesWithRedeliveriesDue().forEach(category -> enqueued.put(category, Integer.MAX_VALUE));
        // The critical category drains alone first: the simulated clock is shared, and another category's pauses
        // (backoffs, rate-limit waits) running alongside would count against the reminder sender's deadline.
        Integer critical = enqueued.remove(CRITICAL);
        if (critical != null) {
            env.drain(CRITICAL, critical);
        }
        List<Future<LocalEnvironment.DrainResult>> pending = new ArrayList<>();
        enqueued.forEach((category, messages) -> pending.add(drainers.submit(() -> env.drain(category, messages))));
        pending.forEach(Simulation::await);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("simulation step failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private TreeMap<Instant, List<Job>> timeline(Instant from, Instant to) {
        TreeMap<Instant, List<Job>> timeline = new TreeMap<>();
        for (Job job : env.catalogue().jobs()) {
            for (Instant fire : job.schedule().firesBetween(from, to)) {
                timeline.computeIfAbsent(fire, k -> new ArrayList<>()).add(job);
            }
        }
        return timeline;
    }

    /** A readable day summary: per category and job, in firing order. */
    public void printSummary(Report report) {
        out.println();
        out.printf("%-34s %-14s %6s %10s %9s %6s%n", "job", "category", "ticks", "dispatched", "succeeded", "failed");
        env.catalogue().jobs().stream().sorted(Comparator.comparing(Job::category).thenComparing(Job::name)).forEach(job -> {
            JobFigures f = report.jobs().get(job.name());
            out.printf("%-34s %-14s %6d %10d %9d %6d%n", job.name(), job.category(), f.ticks(), f.dispatched(), f.succeeded(), f.failed());
        });
        int ticks = report.jobs().values().stream().mapToInt(JobFigures::ticks).sum();
        int dispatched = report.jobs().values().stream().mapToInt(JobFigures::dispatched).sum();
        int succeeded = report.jobs().values().stream().mapToInt(JobFigures::succeeded).sum();
        int failed = report.jobs().values().stream().mapToInt(JobFigures::failed).sum();
        out.printf("%-34s %-14s %6d %10d %9d %6d%n", "total", "", ticks, dispatched, succeeded, failed);
        out.println();
        out.printf("duplicate tick deliveries injected: %d, duplicate effects at tenant endpoints: %d, dead-lettered: %d%n",
                report.duplicateTicksDelivered(), report.duplicateEffects(), report.deadLettered());
        out.printf("billings: %s%nmessages: %s%n", report.billings(), report.messages());
        out.printf("invocations past their Lambda Timeout (overruns): %d%n", report.overruns());
        out.printf("simulated %s of schedules for %d tenants in %.1f s wall time (seeding %.1f s): %d tenant runs, %.0f tenant runs per second%n",
                Duration.between(report.from(), report.to()), report.tenants(), report.wallSeconds(),
                ((Number) report.billings().get("elapsedMillis")).longValue() / 1000.0, report.tenantRuns(), report.tenantRunsPerSecond());
    }

    private static String local(Instant instant) {
        return ZonedDateTime.ofInstant(instant, Cadencia.ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    }

}
