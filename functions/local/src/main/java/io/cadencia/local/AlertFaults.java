package io.cadencia.local;

import io.cadencia.alerts.Alert;
import io.cadencia.alerts.Incidents;
import io.cadencia.billing.MessageSender;
import io.cadencia.billing.ReminderMessage;
import io.cadencia.billing.ReminderMessages;
import io.cadencia.catalogue.Job;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.observability.InMemoryMetricsSink;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Tenant;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulation's fault injection: each of seed 002's four alerts gets its condition for a while, then loses it, so
 * a simulated day shows every alert firing once and resolving once. Times are offsets from the start of the run:
 * <ul>
 *   <li>01:00 a worker dies holding one reminder of a tenant, and the reminder sender's ticks are not delivered until
 *       04:00 (its scheduler or dispatcher down): stuck in sending for more than 2 hours at 03:30, recovered at 04:00;</li>
 *   <li>10:00–11:00 one tenant's endpoint answers 503: its error rate is above 10 % until its failures leave the
 *       last hour;</li>
 *   <li>14:00–15:30 one tenant's WhatsApp instance is closed: offline for more than 30 minutes from 15:00;</li>
 *   <li>{@code processar_confirmacao_plantao}'s schedule was disabled after its tick of 12:00 the day before (that
 *       tick is dispatched before the run starts, the ledger's only history) and is enabled again at 18:00: no tick
 *       has run for 24 hours from 12:30.</li>
 * </ul>
 * A fault whose resolution falls after the end of the run is left out, and said so. Every tenant gets an admin
 * WhatsApp number ({@code alert_whatsapp}), so alerts go out on both channels.
 */
final class AlertFaults {

    static final String MISSED_JOB = "processar_confirmacao_plantao";
    private static final String DEAD_WORKER = "simulated-dead-worker";

    /** A stretch of the run during which a job's ticks are not delivered. */
    private record Blackout(String job, Instant from, Instant until) {
        boolean covers(String name, Instant at) {
            return job.equals(name) && !at.isBefore(from) && at.isBefore(until);
        }
    }

    private final LocalEnvironment env;
    private final Instant start;
    private final Instant end;
    private final PrintStream out;
    private final List<Blackout> blackouts = new ArrayList<>();
    private final Map<Instant, List<Runnable>> actions = new LinkedHashMap<>();
    private final Map<String, Integer> suppressed = new LinkedHashMap<>();

    private AlertFaults(LocalEnvironment env, Instant start, Instant end, PrintStream out) {
        this.env = env;
        this.start = start;
        this.end = end;
        this.out = out;
    }

    /**
     * Before anything else runs: the disabled job's last tick, 12 hours before the start, when no tenant exists yet.
     */
    static AlertFaults beforeStart(LocalEnvironment env, SimulatedClock clock, Instant start, Duration length, PrintStream out) {
        AlertFaults faults = new AlertFaults(env, start, start.plus(length), out);
        if (faults.fits(Duration.ofHours(19))) {
            Instant lastTick = start.minus(Duration.ofHours(12));
            clock.set(lastTick);
            env.tick(env.catalogue().require(MISSED_JOB), lastTick);
            clock.set(start);
        }
        return faults;
    }

    /** Plans the faults on the seeded tenants and prints them. */
    void plan(List<Tenant> tenants, EvolutionSimulator evolution) {
        for (int i = 0; i < tenants.size(); i++) {
            BillingSimulation.control(env, Map.of("action", "set-setting", "tenant", tenants.get(i).id(),
                    "key", KnownSettings.ALERT_WHATSAPP, "value", BillingData.e164(9_000_000 + i)));
        }
        out.println("fault injection (--no-faults to leave it out):");
        Tenant stuckTenant = tenants.get(Math.min(2, tenants.size() - 1));
        if (announce(5, "stuck_messages", "01:00 a worker dies holding a reminder of " + stuckTenant.id()
                + " and " + MessageSender.JOB + " ticks are not delivered until 04:00")) {
            at(1, () -> claimAsDeadWorker(stuckTenant.id()));
            blackouts.add(new Blackout(MessageSender.JOB, hoursIn(1), hoursIn(4)));
        }
        Tenant failing = tenants.get(Math.min(3, tenants.size() - 1));
        if (announce(13, "error_rate", "10:00-11:00 the endpoint of " + failing.id() + " answers 503")) {
            env.tenantApp().failBetween(failing.id(), 503, hoursIn(10), hoursIn(11));
        }
        Tenant offline = tenants.get(Math.min(4, tenants.size() - 1));
        String instance = "inst-" + offline.id();
        if (announce(17, "whatsapp_offline", "14:00-15:30 the WhatsApp instance of " + offline.id() + " is closed")) {
            at(14, () -> evolution.setState(instance, EvolutionSimulator.State.CLOSE));
            actions.computeIfAbsent(start.plus(Duration.ofMinutes(15 * 60 + 30)), k -> new ArrayList<>())
                    .add(() -> evolution.setState(instance, EvolutionSimulator.State.OPEN));
        }
        if (announce(19, "missed_run", "the schedule of " + MISSED_JOB + " was disabled after its tick of 12:00 the day before"
                + " and is enabled again at 18:00")) {
            blackouts.add(new Blackout(MISSED_JOB, start, hoursIn(18)));
        }
    }

    /** Runs the faults' actions due by {@code now}, before that instant's ticks go out. */
    void at(Instant now) {
        actions.entrySet().removeIf(action -> {
            if (action.getKey().isAfter(now)) {
                return false;
            }
            action.getValue().forEach(Runnable::run);
            return true;
        });
    }

    /** False for a tick the faults keep from being delivered (counted). */
    boolean delivers(Job job, Instant at) {
        if (blackouts.stream().anyMatch(b -> b.covers(job.name(), at))) {
            suppressed.merge(job.name(), 1, Integer::sum);
            return false;
        }
        return true;
    }

    /** Ticks not delivered, per job. */
    Map<String, Integer> suppressed() {
        return Map.copyOf(suppressed);
    }

    /** Per alert, incidents opened ({@code fired}) and resolved, over every tenant and job. */
    static Map<String, Map<String, Integer>> outcome(InMemoryMetricsSink metrics) {
        Map<String, Map<String, Integer>> alerts = new LinkedHashMap<>();
        for (Alert alert : Alert.values()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("fired", (int) metrics.total(Incidents.OPENED + "{alert=" + alert.wire() + "}"));
            counts.put("resolved", (int) metrics.total(Incidents.RESOLVED + "{alert=" + alert.wire() + "}"));
            alerts.put(alert.wire(), counts);
        }
        return alerts;
    }

    private boolean fits(Duration resolvedBy) {
        return !start.plus(resolvedBy).isAfter(end);
    }

    private boolean announce(int resolvedByHours, String alert, String what) {
        boolean fits = fits(Duration.ofHours(resolvedByHours));
        out.printf("  %-17s %s%s%n", alert, what, fits ? "" : " - left out: the run ends before " + Simulation.local(hoursIn(resolvedByHours)));
        return fits;
    }

    private void at(int hours, Runnable action) {
        actions.computeIfAbsent(hoursIn(hours), k -> new ArrayList<>()).add(action);
    }

    private Instant hoursIn(int hours) {
        return start.plus(Duration.ofHours(hours));
    }

    /** The tenant's next pending reminder, claimed by a worker that then dies: it stays in sending. */
    private void claimAsDeadWorker(String tenantId) {
        ReminderMessages messages = env.app("ControlFunction").billing().messages();
        Instant now = env.clock().instant();
        List<ReminderMessage> pending = messages.due(tenantId, now.plus(Duration.ofDays(400)), 1);
        if (pending.isEmpty()) {
            out.println("  (stuck_messages: " + tenantId + " has no pending reminder to strand)");
            return;
        }
        messages.claim(pending.getFirst(), DEAD_WORKER, now, Duration.ofHours(1));
    }
}
