package io.cadencia.billing;

import io.cadencia.billing.schedule.ReminderPlan;
import io.cadencia.tenant.Settings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BillingConfigTest {

    private static BillingConfig config(Map<String, String> tenant, Map<String, String> global) {
        return BillingConfig.scheduling(new Settings(tenant, global));
    }

    @Test
    void defaultsAreNineOClockAlwaysOpenDefaultPlanAndFiveAttempts() {
        BillingConfig config = config(Map.of(), Map.of());
        assertThat(config.sendTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(config.plan()).isEqualTo(ReminderPlan.DEFAULT);
        assertThat(config.maxSendAttempts()).isEqualTo(5);
        assertThat(config.instance()).isEmpty();
        // Sunday 03:00 in São Paulo: open, because no hours were configured (edge case 10).
        assertThat(config.maySendAt(Instant.parse("2026-11-29T06:00:00Z"))).isTrue();
    }

    @Test
    void tenantValuesWinOverGlobalOnes() {
        BillingConfig config = config(Map.of("horario_envio", "10:30", BillingConfig.REMINDER_PLAN, "D0,D+5"),
                Map.of("horario_envio", "08:00", BillingConfig.REMINDER_PLAN, "D-1", BillingConfig.MAX_SEND_ATTEMPTS, "3"));
        assertThat(config.sendTime()).isEqualTo(LocalTime.of(10, 30));
        assertThat(config.plan().steps()).extracting(s -> s.name()).containsExactly("D0", "D+5");
        assertThat(config.maxSendAttempts()).isEqualTo(3);
    }

    @Test
    void holidaysAndClosedHoursBlockSendingAndPointToTheNextOpening() {
        BillingConfig config = config(Map.of(BillingConfig.BUSINESS_HOURS, "mon-fri 08:00-18:00"), Map.of());
        Instant christmasNoon = Instant.parse("2026-12-25T15:00:00Z");
        assertThat(config.maySendAt(christmasNoon)).isFalse();
        assertThat(config.nextOpening(christmasNoon)).isEqualTo(Instant.parse("2026-12-28T11:00:00Z"));
    }

    @Test
    void optionalHolidaysAreATenantChoice() {
        Instant carnivalMonday = Instant.parse("2027-02-08T15:00:00Z");
        assertThat(config(Map.of(), Map.of()).maySendAt(carnivalMonday)).isTrue();
        assertThat(config(Map.of(BillingConfig.OPTIONAL_HOLIDAYS, "sim"), Map.of()).maySendAt(carnivalMonday)).isFalse();
    }

    /** Saves are validated; a bad value stored around them must not stop an ingest or a send run. */
    @Test
    void aMalformedStoredValueIsSkippedForTheGlobalOrDefaultOne() {
        BillingConfig config = config(Map.of(BillingConfig.BUSINESS_HOURS, "weekdays 9-5", BillingConfig.REMINDER_PLAN, "D+3,D0",
                        BillingConfig.OPTIONAL_HOLIDAYS, "maybe", BillingConfig.MAX_SEND_ATTEMPTS, "0", "horario_envio", "25:00"),
                Map.of(BillingConfig.REMINDER_PLAN, "D0", "horario_envio", "08:15"));
        assertThat(config.sendTime()).isEqualTo(LocalTime.of(8, 15));
        assertThat(config.plan().steps()).extracting(s -> s.name()).containsExactly("D0");
        assertThat(config.maxSendAttempts()).isEqualTo(5);
        assertThat(config.maySendAt(Instant.parse("2026-11-29T06:00:00Z"))).isTrue();
        assertThat(config.maySendAt(Instant.parse("2027-02-08T15:00:00Z"))).isTrue();
    }

    @Test
    void theTenantsZoneStateAndCityDecideWhenItMaySend() {
        BillingConfig acre = config(Map.of("time_zone", "America/Rio_Branco", "state", "AC", "municipal_holidays", "12-28",
                BillingConfig.BUSINESS_HOURS, "mon-fri 08:00-18:00"), Map.of());
        // 08:30 in São Paulo is 06:30 in Rio Branco: still closed there.
        assertThat(acre.maySendAt(Instant.parse("2026-11-23T11:30:00Z"))).isFalse();
        assertThat(acre.nextOpening(Instant.parse("2026-11-23T11:30:00Z"))).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
        // 2026-06-15 (a Monday) is Acre's anniversary, a state holiday; São Paulo works.
        Instant acreDay = Instant.parse("2026-06-15T15:00:00Z");
        assertThat(acre.maySendAt(acreDay)).isFalse();
        assertThat(config(Map.of(BillingConfig.BUSINESS_HOURS, "mon-fri 08:00-18:00"), Map.of()).maySendAt(acreDay)).isTrue();
        // The municipal date, every year.
        assertThat(acre.maySendAt(Instant.parse("2027-12-28T15:00:00Z"))).isFalse();
    }
}
