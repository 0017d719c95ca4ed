package io.cadencia.billing;

import io.cadencia.tenant.TenantDirectory;
import io.cadencia.work.RunLedger;
import java.time.Clock;
import java.util.function.DoubleSupplier;

import io.cadencia.control.ControlAction;
import io.cadencia.control.ControlRequest;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantTime;
import io.cadencia.work.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Control action {@code reminder-status}: where a tenant's reminders stand now. Counts come from the due index
 * (pending now, scheduled later, unconfirmed) and from today's runs of the sender in the execution log (sent,
 * failed) with the sender's last run and its result; the estimated finish divides what is due now by the send rate of the last runs, or by the rate the
 * pacing settings allow when nothing was sent recently.
 */
public final class ReminderStatus {

    /** Runs this recent tell the current send rate. */
    private static final Duration RECENT = Duration.ofMinutes(15);
    private static final int RUNS_READ = 2_000;

    private final ReminderMessages messages;
    private final TenantDirectory tenants;
    private final RunLedger runs;
    private final Clock clock;
    private final DoubleSupplier plannedSendsPerRun;

    /** @param plannedSendsPerRun the rate the pacing settings allow, used until runs show a real one */
    public ReminderStatus(ReminderMessages messages, TenantDirectory tenants, RunLedger runs, Clock clock,
                          DoubleSupplier plannedSendsPerRun) {
        this.messages = messages;
        this.tenants = tenants;
        this.runs = runs;
        this.clock = clock;
        this.plannedSendsPerRun = plannedSendsPerRun;
    }

    public Map<String, ControlAction> actions() {
        return Map.of("reminder-status", this::status);
    }

    Map<String, Object> status(ControlRequest request) {
        String tenantId = request.require("tenant");
        Tenant.requireValidId(tenantId);
        Tenant tenant = tenants.find(tenantId).orElseThrow(() -> new IllegalArgumentException("tenant '" + tenantId + "' does not exist"));
        ZoneId zone = TenantTime.zone(tenants.settingsOf(tenant));
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        int dueNow = messages.pendingCount(tenantId, now);
        int pending = messages.pendingCount(tenantId, now.plus(Duration.ofDays(3650)));
        int sentToday = 0;
        int failedToday = 0;
        int recentSent = 0;
        int recentRuns = 0;
        RunRecord last = null;
        List<RunRecord> recent = runs.byTenant(tenantId, RUNS_READ);
        for (RunRecord run : recent) {
            if (!MessageSender.JOB.equals(run.job()) || run.startedAt() == null) {
                continue;
            }
            if (last == null || run.startedAt().isAfter(last.startedAt())) {
                last = run;
            }
            if (run.startedAt().atZone(zone).toLocalDate().equals(today)) {
                sentToday += run.succeeded();
                failedToday += run.failed();
            }
            if (run.startedAt().isAfter(now.minus(RECENT)) && run.processed() > 0) {
                recentSent += run.succeeded();
                recentRuns++;
            }
        }
        // One sender run per minute per tenant: sends per run is sends per minute.
        double perMinute = recentRuns > 0 && recentSent > 0 ? (double) recentSent / recentRuns : plannedSendsPerRun.getAsDouble();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenantId);
        out.put("at", now.toString());
        out.put("dueNow", dueNow);
        out.put("scheduledLater", pending - dueNow);
        out.put("unconfirmed", messages.unconfirmedCount(tenantId));
        out.put("sentToday", sentToday);
        out.put("failedToday", failedToday);
        out.put("sendsPerMinute", Math.round(perMinute * 10) / 10.0);
        out.put("rateFrom", recentRuns > 0 && recentSent > 0 ? "last " + recentRuns + " runs" : "pacing settings");
        if (last != null) {
            // A misconfigured instance shows here as a failed run with its reason.
            Map<String, Object> lastRun = new LinkedHashMap<>();
            lastRun.put("at", last.startedAt().toString());
            lastRun.put("result", last.result());
            lastRun.put("detail", last.detail());
            out.put("lastRun", lastRun);
        }
        out.put("estimatedFinish", dueNow == 0 ? null
                : now.plus(Duration.ofMinutes((long) Math.ceil(dueNow / Math.max(perMinute, 0.1)))).toString());
        return out;
    }
}
