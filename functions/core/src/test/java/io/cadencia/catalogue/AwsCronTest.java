package io.cadencia.catalogue;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsCronTest {

    static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void weekdayWindowsFireOnlyMondayToFridayInLocalTime() {
        AwsCron cron = AwsCron.parse("cron(0 10 ? * MON-FRI *)", SAO_PAULO);
        // 2026-11-28 is a Saturday: from Friday 10:00 the next fire is Monday 10:00 (-03:00).
        assertThat(cron.nextAfter(Instant.parse("2026-11-27T13:00:00Z"))).contains(Instant.parse("2026-11-30T13:00:00Z"));
    }

    @Test
    void springForwardSkipsTheMissingLocalTimeLikeEventBridgeScheduler() {
        AwsCron cron = AwsCron.parse("cron(30 2 * * ? *)", NEW_YORK);
        // 2026-03-08 02:30 does not exist in New York; EventBridge Scheduler skips that invocation.
        assertThat(cron.firesBetween(Instant.parse("2026-03-07T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z")))
                .containsExactly(Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void fallBackRunsTheRepeatedLocalTimeOnce() {
        AwsCron cron = AwsCron.parse("cron(30 1 * * ? *)", NEW_YORK);
        // 2026-11-01 01:30 happens twice in New York; it must fire once.
        assertThat(cron.firesBetween(Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-11-01T08:00:00Z")))
                .containsExactly(Instant.parse("2026-11-01T05:30:00Z"));
    }

    @Test
    void nextRunAcrossADstChangeKeepsTheLocalWallClockTime() {
        AwsCron cron = AwsCron.parse("cron(0 9 * * ? *)", NEW_YORK);
        assertThat(cron.nextAfter(Instant.parse("2026-03-07T15:00:00Z"))).contains(Instant.parse("2026-03-08T13:00:00Z"));
        assertThat(cron.nextAfter(Instant.parse("2026-03-06T15:00:00Z"))).contains(Instant.parse("2026-03-07T14:00:00Z"));
    }

    @Test
    void everyFiveMinutes() {
        AwsCron cron = AwsCron.parse("cron(0/5 * * * ? *)", SAO_PAULO);
        assertThat(cron.firesBetween(Instant.parse("2026-11-23T12:00:00Z"), Instant.parse("2026-11-23T13:00:00Z"))).hasSize(12);
    }

    @Test
    void invalidExpressionsNameTheExpression() {
        assertThatThrownBy(() -> AwsCron.parse("rate(5 minutes)", SAO_PAULO)).hasMessageContaining("rate(5 minutes)");
        assertThatThrownBy(() -> AwsCron.parse("cron(0 10 * * MON *)", SAO_PAULO)).hasMessageContaining("cron(0 10 * * MON *)");
    }
}
