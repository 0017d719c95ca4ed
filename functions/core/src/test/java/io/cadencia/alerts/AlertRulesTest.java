package io.cadencia.alerts;

import io.cadencia.catalogue.AwsCron;
import io.cadencia.work.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRulesTest {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    /** Tuesday 2026-11-24 12:30 in São Paulo. */
    private static final Instant NOW = Instant.parse("2026-11-24T15:30:00Z");
    private static final AwsCron HOURLY = AwsCron.parse("cron(0 * * * ? *)", SAO_PAULO);
    private static final AwsCron DAILY_2AM = AwsCron.parse("cron(0 2 * * ? *)", SAO_PAULO);
    private static final AwsCron MONDAY_9AM = AwsCron.parse("cron(0 9 ? * 2 *)", SAO_PAULO);

    /** A tick ledger: each scheduled tick and whether its dispatch ran. */
    private static final class Ledger implements RunHistory {
        final TreeMap<Instant, Boolean> ticks = new TreeMap<>();

        Ledger ran(Instant... at) {
            for (Instant t : at) {
                ticks.put(t, true);
            }
            return this;
        }

        Ledger failed(Instant... at) {
            for (Instant t : at) {
                ticks.put(t, false);
            }
            return this;
        }

        @Override
        public List<RunRecord> tenantRunsSince(String tenantId, Instant since) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Instant> lastTickRan(String job, Instant notBefore) {
            return ticks.descendingMap().entrySet().stream().filter(e -> e.getValue() && !e.getKey().isBefore(notBefore))
                    .map(java.util.Map.Entry::getKey).findFirst();
        }

        @Override
        public Optional<Instant> firstTickRecorded(String job) {
            return ticks.isEmpty() ? Optional.empty() : Optional.of(ticks.firstKey());
        }
    }

    private static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(SAO_PAULO).toInstant();
    }

    private static Check missed(AwsCron schedule, Ledger ledger, Instant now) {
        return AlertRules.missedRun("job", schedule, now, ledger);
    }

    @Test
    void anHourlyJobThatRanWithinTheLastDayHasNotMissedItsRuns() {
        assertThat(missed(HOURLY, new Ledger().ran(local("2026-11-23T13:00")), NOW)).isInstanceOf(Check.Clear.class);
    }

    @Test
    void anHourlyJobWhoseTicksStoppedADayAgoHasMissedItsRuns() {
        Ledger ledger = new Ledger().ran(local("2026-11-23T12:00"));

        assertThat(missed(HOURLY, ledger, NOW)).isInstanceOf(Check.Firing.class);
    }

    @Test
    void aDispatcherThatKeepsFailingCountsAsNotRunning() {
        Ledger ledger = new Ledger().ran(local("2026-11-23T11:00"));
        for (Instant t = local("2026-11-23T12:00"); t.isBefore(NOW); t = t.plus(Duration.ofHours(1))) {
            ledger.failed(t);
        }

        assertThat(missed(HOURLY, ledger, NOW)).isInstanceOf(Check.Firing.class);
    }

    @Test
    void aDailyJobIsMissingOnlyOnceItsTickOfTodayIsLateBeyondTheGrace() {
        Ledger ledger = new Ledger().ran(local("2026-11-23T02:00"));

        assertThat(missed(DAILY_2AM, ledger, local("2026-11-24T02:10"))).as("today's tick may still be on its way")
                .isInstanceOf(Check.Clear.class);
        assertThat(missed(DAILY_2AM, ledger, local("2026-11-24T02:30"))).isInstanceOf(Check.Firing.class);
        assertThat(missed(DAILY_2AM, ledger.ran(local("2026-11-24T02:00")), local("2026-11-24T02:30"))).isInstanceOf(Check.Clear.class);
    }

    @Test
    void aWeeklyJobIsNotMissingBetweenItsWeeksButIsWhenItsWeeklyTickDidNotRun() {
        Ledger ranLastMonday = new Ledger().ran(local("2026-11-23T09:00"));
        Ledger ranTheMondayBefore = new Ledger().ran(local("2026-11-16T09:00"));

        assertThat(missed(MONDAY_9AM, ranLastMonday, local("2026-11-27T12:00"))).isInstanceOf(Check.Clear.class);
        assertThat(missed(MONDAY_9AM, ranTheMondayBefore, local("2026-11-27T12:00"))).isInstanceOf(Check.Firing.class);
    }

    @Test
    void aJobTheLedgerHasNeverSeenCannotBeJudged() {
        assertThat(missed(HOURLY, new Ledger(), NOW)).isInstanceOf(Check.Unknown.class);
    }

    @Test
    void aJobFirstSeenLessThanADayAgoIsNotYetMissing() {
        Ledger ledger = new Ledger().failed(local("2026-11-24T06:00"), local("2026-11-24T07:00"));

        assertThat(missed(HOURLY, ledger, NOW)).isInstanceOf(Check.Clear.class);
    }

    @Test
    void stuckMessagesFireFromTheFirstOne() {
        assertThat(AlertRules.stuckMessages(0)).isInstanceOf(Check.Clear.class);
        assertThat(AlertRules.stuckMessages(1)).isInstanceOf(Check.Firing.class);
    }

    @Test
    void theErrorRateFiresAboveTenPercentWithEnoughAttempts() {
        assertThat(AlertRules.errorRate(new ErrorRate(30, 3))).as("exactly 10 %").isInstanceOf(Check.Clear.class);
        assertThat(AlertRules.errorRate(new ErrorRate(30, 4))).isInstanceOf(Check.Firing.class);
        assertThat(AlertRules.errorRate(new ErrorRate(5, 5))).as("too few attempts").isInstanceOf(Check.Unknown.class);
    }

    @Test
    void anInstanceIsOfflineAfterMoreThanThirtyMinutesNotOpen() {
        Instant since = NOW.minus(Duration.ofMinutes(30));

        assertThat(AlertRules.whatsAppOffline(Optional.of(new InstanceHealth("close", NOW, Optional.of(since))), NOW))
                .as("exactly 30 minutes").isInstanceOf(Check.Clear.class);
        Instant later = NOW.plusSeconds(60);
        assertThat(AlertRules.whatsAppOffline(Optional.of(new InstanceHealth("close", later, Optional.of(since))), later))
                .isInstanceOf(Check.Firing.class);
        assertThat(AlertRules.whatsAppOffline(Optional.of(new InstanceHealth("open", later, Optional.empty())), later))
                .isInstanceOf(Check.Clear.class);
        assertThat(AlertRules.whatsAppOffline(Optional.empty(), later)).isInstanceOf(Check.Clear.class);
    }

    @Test
    void aStaleInstanceStateCannotBeJudged() {
        Optional<InstanceHealth> old = Optional.of(new InstanceHealth("close", NOW.minus(Duration.ofHours(1)),
                Optional.of(NOW.minus(Duration.ofHours(2)))));

        assertThat(AlertRules.whatsAppOffline(old, NOW)).isInstanceOf(Check.Unknown.class);
    }
}
