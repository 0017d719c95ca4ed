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
    void aBadValueNamesTheKeyTheValueAndWhereItCameFrom() {
        Settings settings = new Settings(Map.of(), Map.of(Settings.SEND_TIME, "9h"));
        assertThatThrownBy(() -> settings.time(Settings.SEND_TIME))
                .hasMessageContaining("horario_envio").hasMessageContaining("'9h'").hasMessageContaining("global");
    }

    @Test
    void tenantIdsCannotCarryKeySeparatorsOrStartWithUnderscore() {
        assertThatThrownBy(() -> Tenant.requireValidId("a#b")).hasMessageContaining("tenantId 'a#b'");
        assertThatThrownBy(() -> Tenant.requireValidId("_global")).hasMessageContaining("_global");
        assertThat(Tenant.requireValidId("provedor-01")).isEqualTo("provedor-01");
    }
}
