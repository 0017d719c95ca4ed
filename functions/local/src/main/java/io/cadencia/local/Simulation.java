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
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fast-forwards a simulated clock through every schedule of template.yaml, in order: at each fire time the
 * scheduler's tick goes to the category's dispatcher (some ticks are delivered twice, as EventBridge's
 * at-least-once delivery allows), then every queue is drained through the real workers before time moves on.
 */
public final class Simulation {

    /**
     * What to simulate. {@code duplicateTickRate} is the share of ticks delivered twice; during {@code outage} no tick
     * reaches its dispatcher; {@code faults} injects each of seed 002's alert conditions for a while ({@link AlertFaults}).
     */
    public record Options(Instant from, Duration length, int tenants, double duplicateTickRate, long seed, Optional<Outage> outage,
                          boolean faults) {
    }

    /**
     * {@code [from, to)}: the dispatchers fail every tick scheduled in it, as a failing Lambda would, and so do the
     * scheduler's retries (they end within its 5-minute event age), so none of those ticks is dispatched when it fires.
     */
    public record Outage(Instant from, Instant to) {
        boolean covers(Instant tick) {
            return !tick.isBefore(from) && tick.isBefore(to);
        }
    }

    /**
     * Per-job figures: ticks fired, tenant messages dispatched (caught-up ticks' included), runs that succeeded or
     * failed; ticks the outage kept from the dispatcher, and the missed ticks the later ticks found and caught up.
     */
    public record JobFigures(int ticks, int dispatched, int succeeded, int failed, int undelivered, int missedTicks, int caughtUp) {
    }

    /**
     * {@code billings}: ingest figures of the seeded billings; {@code messages}: reminders by status plus duplicateSends;
     * {@code alerts}: per alert, incidents opened ({@code fired}) and resolved; {@code ticksNotDelivered}: per job, the
     * ticks the fault injection kept from its dispatcher.
     */
    public record Report(Instant from, Instant to, int tenants, Map<String, JobFigures> jobs, int duplicateTicksDelivered,
                         int duplicateEffects, int deadLettered, double wallSeconds, Map<String, Object> billings,
                         Map<String, Integer> messages, int overruns, Optional<Outage> outage,
                         Map<String, Map<String, Integer>> alerts, Map<String, Integer> ticksNotDelivered,
                         Map<String, Object> tenantTime, int tenantTimeViolations) {

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
        return run(options, () -> {
        });
    }

    /**
     * @param timelineDone called when the last tick's work is done, before the report's own reads (the cost model
     *                     stops counting there)
     */
    public Report run(Options options, Runnable timelineDone) {
        long started = System.nanoTime();
        Instant to = options.from().plus(options.length());
        Optional<AlertFaults> faults = options.faults()
                ? Optional.of(AlertFaults.beforeStart(env, clock, options.from(), options.length(), out)) : Optional.empty();
        List<io.cadencia.tenant.Tenant> seeded = TenantTimeReport.spread(env, env.seedTenants(options.tenants()));
        BillingSimulation.Session billing = BillingSimulation.start(env, seeded, new Random(options.seed()), BILLINGS_PER_TENANT);
        out.printf("seeded billings: %s%n", billing.seeded().toMap());
        faults.ifPresent(f -> f.plan(seeded, billing.simulator()));
        TreeMap<Instant, List<Job>> timeline = timeline(options.from(), to);
        int totalTicks = timeline.values().stream().mapToInt(List::size).sum();
        out.printf("simulating %s → %s (%s), %d tenants, %d ticks of %d jobs%n", local(options.from()), local(to),
                Cadencia.ZONE, options.tenants(), totalTicks, env.catalogue().jobs().size());

        options.outage().ifPresent(o -> out.printf("outage %s → %s: every tick scheduled in it fails%n", local(o.from()), local(o.to())));

        // ticks, messages, undelivered, missed, caught up
        Map<String, int[]> perJob = new TreeMap<>();
        env.catalogue().jobs().forEach(j -> perJob.put(j.name(), new int[5]));
        Random random = new Random(options.seed());
        int duplicates = 0;
        int done = 0;
        ExecutorService drainers = Executors.newFixedThreadPool(4);
        try {
            ZonedDateTime nextProgress = ZonedDateTime.ofInstant(options.from(), Cadencia.ZONE).plusHours(1);
            for (Map.Entry<Instant, List<Job>> at : timeline.entrySet()) {
                // Work of the previous tick may have taken the clock past this fire time (send gaps, waits): time
                // never goes back, and the scheduler still fires on time, so the dispatchers see the fire time.
                if (clock.instant().isBefore(at.getKey())) {
                    clock.set(at.getKey());
                }
                boolean down = options.outage().filter(o -> o.covers(at.getKey())).isPresent();
                faults.ifPresent(f -> f.at(at.getKey()));
                List<Job> delivered = at.getValue().stream().filter(job -> faults.map(f -> f.delivers(job, at.getKey())).orElse(true)).toList();
                List<Future<Map<String, Object>>> ticks = new ArrayList<>();
                for (Job job : delivered) {
                    boolean twice = !down && random.nextDouble() < options.duplicateTickRate();
                    duplicates += twice ? 1 : 0;
                    // Each job has its own schedule and the scheduler fires them independently, so they dispatch side by side.
                    ticks.add(down ? CompletableFuture.completedFuture(Map.of()) : drainers.submit(() -> {
                        Map<String, Object> response = env.fire(job, at.getKey());
                        if (twice) {
                            env.fire(job, at.getKey());
                        }
                        return response;
                    }));
                }
                Map<String, Integer> enqueued = new TreeMap<>();
                for (int i = 0; i < ticks.size(); i++) {
                    Job job = delivered.get(i);
                    int[] counts = perJob.get(job.name());
                    Map<String, Object> response = await(ticks.get(i));
                    int messages = count(response, "messages") + count(response, "caughtUpMessages");
                    counts[0]++;
                    counts[1] += messages;
                    counts[2] += down ? 1 : 0;
                    counts[3] += count(response, "missedTicks");
                    counts[4] += count(response, "caughtUp");
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
        env.settle();
        timelineDone.run();
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
            jobs.put(name, new JobFigures(counts[0], counts[1], succeeded, failed, counts[2], counts[3], counts[4]));
        });
        int deadLettered = 0;
        for (String category : env.catalogue().categories()) {
            deadLettered += env.depth(env.deployment().functionFor("WorkerHandler", category).config().deadLetterUrl(category));
        }
        TenantTimeReport.Figures tenantTime = TenantTimeReport.figures(env, options.from(), to);
        return new Report(options.from(), to, options.tenants(), jobs, duplicates, env.tenantApp().duplicateEffects(),
                deadLettered, (System.nanoTime() - started) / 1e9, billing.seeded().toMap(), messages, env.overruns().size(), options.outage(),
                AlertFaults.outcome(env.metrics()), faults.map(AlertFaults::suppressed).orElse(Map.of()),
                tenantTime.tenants(), tenantTime.violations());
    }

    /** A count in a dispatcher's response; absent (a tick never delivered, no missed ticks) is 0. */
    private static int count(Map<String, Object> response, String field) {
        return response.get(field) instanceof Number n ? n.intValue() : 0;
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
        out.printf("%-34s %-14s %6s %10s %9s %6s %7s %9s  %s%n", "job", "category", "ticks", "dispatched", "succeeded", "failed",
                "missed", "caught up", "catch-up policy");
        env.catalogue().jobs().stream().sorted(Comparator.comparing(Job::category).thenComparing(Job::name)).forEach(job -> {
            JobFigures f = report.jobs().get(job.name());
            out.printf("%-34s %-14s %6d %10d %9d %6d %7d %9d  %s%n", job.name(), job.category(), f.ticks(), f.dispatched(), f.succeeded(),
                    f.failed(), f.missedTicks(), f.caughtUp(), job.catchUp().describe());
        });
        int ticks = report.jobs().values().stream().mapToInt(JobFigures::ticks).sum();
        int dispatched = report.jobs().values().stream().mapToInt(JobFigures::dispatched).sum();
        int succeeded = report.jobs().values().stream().mapToInt(JobFigures::succeeded).sum();
        int failed = report.jobs().values().stream().mapToInt(JobFigures::failed).sum();
        int missed = report.jobs().values().stream().mapToInt(JobFigures::missedTicks).sum();
        int caughtUp = report.jobs().values().stream().mapToInt(JobFigures::caughtUp).sum();
        out.printf("%-34s %-14s %6d %10d %9d %6d %7d %9d%n", "total", "", ticks, dispatched, succeeded, failed, missed, caughtUp);
        out.println();
        report.outage().ifPresent(o -> out.printf("outage %s → %s: %d ticks not delivered; the ticks after it found %d missed and caught up %d%n",
                local(o.from()), local(o.to()), report.jobs().values().stream().mapToInt(JobFigures::undelivered).sum(), missed, caughtUp));
        out.printf("duplicate tick deliveries injected: %d, duplicate effects at tenant endpoints: %d, dead-lettered: %d%n",
                report.duplicateTicksDelivered(), report.duplicateEffects(), report.deadLettered());
        out.printf("billings: %s%nmessages: %s%n", report.billings(), report.messages());
        out.printf("invocations past their Lambda Timeout (overruns): %d%n", report.overruns());
        out.printf("alerts (incidents opened and resolved): %s; notices told to tenants: endpoint %d, WhatsApp %d%n", report.alerts(),
                (int) env.metrics().total("AlertNotices{channel=endpoint}"), (int) env.metrics().total("AlertNotices{channel=whatsapp}"));
        if (!report.ticksNotDelivered().isEmpty()) {
            out.printf("ticks kept from their dispatcher by the fault injection: %s%n", report.ticksNotDelivered());
        }
        out.printf("tenant-time runs outside the tenant's local slot, repeated or missing (tenantTimeViolations): %d%n",
                report.tenantTimeViolations());
        out.printf("simulated %s of schedules for %d tenants in %.1f s wall time (seeding %.1f s): %d tenant runs, %.0f tenant runs per second%n",
                Duration.between(report.from(), report.to()), report.tenants(), report.wallSeconds(),
                ((Number) report.billings().get("elapsedMillis")).longValue() / 1000.0, report.tenantRuns(), report.tenantRunsPerSecond());
    }

    static String local(Instant instant) {
        return ZonedDateTime.ofInstant(instant, Cadencia.ZONE).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    }

}
