package io.cadencia.alerts;

import io.cadencia.catalogue.AwsCron;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Seed 002's thresholds ("Mensagens presas > 2 horas", "Taxa de erro > 10%", "Scheduler não executou nas últimas
 * 24h", "Evolution API offline > 30 minutos") and the checks that apply them. Pure: the callers read the data.
 */
public final class AlertRules {

    public static final Duration STUCK_AFTER = Duration.ofHours(2);
    public static final double MAX_ERROR_RATE = 0.10;
    /**
     * The error rate's window. {@code verificar_alertas} runs every 30 minutes, so each run sees the last two half
     * hours: a burst of failures is judged twice, and the rate clears at most an hour and a half after the failures
     * stop. An hour also holds enough of a quiet tenant's runs (some 30: the five-minute WhatsApp check, the quarter-
     * hourly jobs and the sender's sweeps) for 10 % to mean three or more failures.
     */
    public static final Duration ERROR_WINDOW = Duration.ofHours(1);
    /** Below this many attempts in the window the rate is not judged: one failure in three is no trend. */
    public static final int MIN_ATTEMPTS = 10;
    public static final Duration OFFLINE_AFTER = Duration.ofMinutes(30);
    /** {@code verificar_whatsapp} runs every 5 minutes; a state this old means the check itself stopped. */
    public static final Duration HEALTH_STALE_AFTER = Duration.ofMinutes(20);
    public static final Duration MISSED_AFTER = Duration.ofHours(24);
    /**
     * How late a tick may be before it counts as expected: the scheduler fires within its minute and retries a failed
     * delivery for up to 5 minutes, and a tick dispatched in the same minute as this check may not be recorded yet.
     */
    public static final Duration TICK_GRACE = Duration.ofMinutes(15);

    private AlertRules() {
    }

    /** @param stuck the tenant's messages claimed more than {@link #STUCK_AFTER} ago and still in sending */
    public static Check stuckMessages(int stuck) {
        return stuck > 0
                ? new Check.Firing(stuck + " message" + (stuck == 1 ? "" : "s") + " in sending for more than " + hours(STUCK_AFTER) + " h")
                : new Check.Clear("no message in sending for more than " + hours(STUCK_AFTER) + " h");
    }

    public static Check errorRate(ErrorRate rate) {
        if (rate.attempts() < MIN_ATTEMPTS) {
            return new Check.Unknown("only " + rate.attempts() + " attempts in the last " + hours(ERROR_WINDOW) + " h");
        }
        String detail = rate + " in the last " + hours(ERROR_WINDOW) + " h";
        return rate.rate() > MAX_ERROR_RATE ? new Check.Firing(detail) : new Check.Clear(detail);
    }

    /** @param health empty when the instance was never checked */
    public static Check whatsAppOffline(Optional<InstanceHealth> health, Instant now) {
        if (health.isEmpty()) {
            return new Check.Clear("instance never checked");
        }
        InstanceHealth h = health.get();
        if (Duration.between(h.checkedAt(), now).compareTo(HEALTH_STALE_AFTER) > 0) {
            return new Check.Unknown("instance last checked at " + h.checkedAt() + " (" + h.state() + ")");
        }
        if (h.offlineSince().isPresent() && Duration.between(h.offlineSince().get(), now).compareTo(OFFLINE_AFTER) > 0) {
            return new Check.Firing("instance " + h.state() + " since " + h.offlineSince().get() + ", more than "
                    + OFFLINE_AFTER.toMinutes() + " minutes");
        }
        return new Check.Clear("instance " + h.state() + h.offlineSince().map(s -> " since " + s).orElse(""));
    }

    /**
     * A job has missed its runs when none of its ticks has run for {@link #MISSED_AFTER} although its schedule expected
     * one since its last run: so a deleted or disabled schedule, and a dispatcher whose every tick fails, are caught,
     * while a weekly job is not flagged between its weeks. Judged from the tick ledger; a job the ledger has never seen
     * (a fresh deploy, or every record expired) cannot be judged.
     */
    public static Check missedRun(String job, AwsCron schedule, Instant now, RunHistory history) {
        Optional<Instant> expected = schedule.lastAtOrBefore(now.minus(TICK_GRACE));
        if (expected.isEmpty()) {
            return new Check.Clear("its schedule has not fired yet");
        }
        // Not missing when a tick ran at or after the last expected one, or within the last 24 h.
        Instant boundary = earliest(expected.get(), now.minus(MISSED_AFTER));
        Optional<Instant> ran = history.lastTickRan(job, boundary);
        if (ran.isPresent()) {
            return new Check.Clear("last tick that ran: " + ran.get());
        }
        Optional<Instant> first = history.firstTickRecorded(job);
        if (first.isEmpty()) {
            return new Check.Unknown("no tick of " + job + " in the ledger");
        }
        if (first.get().isAfter(boundary)) {
            return new Check.Clear("first tick recorded at " + first.get() + ", less than " + hours(MISSED_AFTER) + " h ago");
        }
        return new Check.Firing("no tick of " + job + " has run since before " + boundary + "; its schedule (" + schedule
                + ") expected one at " + expected.get());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static long hours(Duration d) {
        return d.toHours();
    }
}
