package io.cadencia.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TenantTimeTest {

    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

    @ParameterizedTest
    @CsvSource({
            "America/Rio_Branco, 07:30, 2026-11-24T12:30:00Z",
            "America/Sao_Paulo,  07:30, 2026-11-24T10:30:00Z",
            "America/Manaus,     07:30, 2026-11-24T11:30:00Z",
            "America/Noronha,    07:30, 2026-11-24T09:30:00Z",
            "America/Sao_Paulo,  07:40, 2026-11-24T10:30:00Z",
    })
    void theSlotIsThePreferredLocalTimeInTheTenantsZoneFlooredToTheGrid(String zone, String preferred, String expected) {
        Instant midnightUtc = Instant.parse("2026-11-24T00:00:00Z");
        assertThat(TenantTime.nextSlot(LocalTime.parse(preferred), ZoneId.of(zone), midnightUtc)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void theNextSlotAfterARunIsTomorrows() {
        Instant slot = Instant.parse("2026-11-24T12:30:00Z");
        assertThat(TenantTime.nextSlot(LocalTime.of(7, 30), ZoneId.of("America/Rio_Branco"), slot))
                .isEqualTo(Instant.parse("2026-11-25T12:30:00Z"));
    }

    @Test
    void aSkippedLocalTimeRunsAtTheFirstValidInstantAfterIt() {
        // Lisbon, 2026-03-29: 01:00 WET jumps to 02:00 WEST; 01:30 does not exist that day.
        Instant before = Instant.parse("2026-03-28T23:00:00Z");
        Instant slot = TenantTime.nextSlot(LocalTime.of(1, 30), LISBON, before);
        assertThat(slot).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(slot.atZone(LISBON).toLocalTime()).isEqualTo(LocalTime.of(2, 0));
        assertThat(TenantTime.nextSlot(LocalTime.of(1, 30), LISBON, slot)).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void aRepeatedLocalTimeRunsOnce() {
        // Lisbon, 2026-10-25: 02:00 WEST falls back to 01:00 WET; 01:30 happens at 00:30Z and again at 01:30Z.
        Instant first = TenantTime.nextSlot(LocalTime.of(1, 30), LISBON, Instant.parse("2026-10-24T23:00:00Z"));
        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        Instant next = TenantTime.nextSlot(LocalTime.of(1, 30), LISBON, first);
        assertThat(next).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void theZoneAndTheTimeResolveTenantThenGlobalThenDefault() {
        Settings tenantOwn = new Settings(Map.of("time_zone", "America/Rio_Branco", "horario_verificacao", "07:30"), Map.of("time_zone", "America/Manaus"));
        assertThat(TenantTime.zone(tenantOwn)).isEqualTo(ZoneId.of("America/Rio_Branco"));
        Settings global = new Settings(Map.of(), Map.of("time_zone", "America/Manaus"));
        assertThat(TenantTime.zone(global)).isEqualTo(ZoneId.of("America/Manaus"));
        assertThat(TenantTime.zone(new Settings(Map.of(), Map.of()))).isEqualTo(ZoneId.of("America/Sao_Paulo"));
        assertThat(TenantTime.nextSlot(tenantOwn, "horario_verificacao", Instant.parse("2026-11-24T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T12:30:00Z"));
        // A zone stored around the checks is skipped, not fatal.
        assertThat(TenantTime.zone(new Settings(Map.of("time_zone", "Mars/Olympus"), Map.of()))).isEqualTo(ZoneId.of("America/Sao_Paulo"));
    }
}
