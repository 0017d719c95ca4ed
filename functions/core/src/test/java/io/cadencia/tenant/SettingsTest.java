package io.cadencia.tenant;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void tenantValueWinsOverGlobalAndDefault() {
        Settings settings = new Settings(Map.of(Settings.SEND_TIME, "10:30"), Map.of(Settings.SEND_TIME, "08:00"));
        assertThat(settings.time(Settings.SEND_TIME)).isEqualTo(LocalTime.of(10, 30));
        assertThat(settings.sourceOf(Settings.SEND_TIME)).isEqualTo("tenant");
    }

    @Test
    void globalValueWhenTheTenantHasNone() {
        Settings settings = new Settings(Map.of(), Map.of(Settings.SEND_TIME, "08:00"));
        assertThat(settings.time(Settings.SEND_TIME)).isEqualTo(LocalTime.of(8, 0));
        assertThat(settings.sourceOf(Settings.SEND_TIME)).isEqualTo("global");
    }

    @Test
    void builtInDefaultIsNineOClock() {
        Settings settings = new Settings(Map.of(Settings.SEND_TIME, " "), Map.of());
        assertThat(settings.time(Settings.SEND_TIME)).isEqualTo(LocalTime.of(9, 0));
        assertThat(settings.sourceOf(Settings.SEND_TIME)).isEqualTo("default");
    }

    @Test
    void aStoredValueThatFailsItsCheckIsSkippedAndReportedNamingKeyValueAndLevel() {
        Settings settings = new Settings(Map.of(KnownSettings.REMINDER_PLAN, "D+3,D0", "cor_favorita", "azul"),
                Map.of(Settings.SEND_TIME, "9h"));
        assertThat(settings.time(Settings.SEND_TIME)).isEqualTo(LocalTime.of(9, 0));
        assertThat(settings.sourceOf(Settings.SEND_TIME)).isEqualTo("default");
        assertThat(settings.get(KnownSettings.REMINDER_PLAN)).isEqualTo("D-3,D0,D+3,D+7");
        assertThat(settings.get("cor_favorita")).isEqualTo("azul");
        assertThat(settings.problems()).containsExactly(
                Map.entry("cor_favorita", "tenant setting 'cor_favorita' is not a known setting and is ignored"),
                Map.entry("horario_envio", "global setting 'horario_envio' value '9h' is not a time HH:mm and is ignored; "
                        + "expected a time HH:mm (00:00-23:59)"),
                Map.entry("reminder_plan", "tenant setting 'reminder_plan' value 'D+3,D0' is not valid: \"D0\" is not after the previous step; list steps in "
                        + "increasing order without repeats and is ignored; expected steps like D-3,D0,D+3,D+7: increasing, each within "
                        + "365 days of the due date, at most 30"));
    }

    @Test
    void tenantIdsCannotCarryKeySeparatorsOrStartWithUnderscore() {
        assertThatThrownBy(() -> Tenant.requireValidId("a#b")).hasMessageContaining("tenantId 'a#b'");
        assertThatThrownBy(() -> Tenant.requireValidId("_global")).hasMessageContaining("_global");
        assertThat(Tenant.requireValidId("provedor-01")).isEqualTo("provedor-01");
    }
}
