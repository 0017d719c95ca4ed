package io.cadencia.tenant;

import io.cadencia.catalogue.UnknownNameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownSettingsTest {

    @Test
    void seed000TimesAndEveryKeyTheRemindersReadAreKnown() {
        assertThat(KnownSettings.all()).extracting(SettingKey::key).containsExactly("horario_envio", "horario_verificacao",
                "horario_limpeza", "reminder_plan", "business_hours", "optional_holidays", "time_zone", "state", "municipal_holidays",
                "max_send_attempts",
                "evolution_base_url", "evolution_instance", "alert_whatsapp", "alert_endpoint", "ingest_requests_per_minute",
                "ingest_billings_per_minute");
        assertThat(KnownSettings.defaults()).containsEntry("horario_envio", "09:00").containsEntry("horario_limpeza", "02:00")
                .containsEntry("max_send_attempts", "5").containsEntry("time_zone", "America/Sao_Paulo")
                .doesNotContainKey("business_hours").doesNotContainKey("state");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "horario_envio      | 08:30",
            "horario_limpeza    | 23:59",
            "reminder_plan      | D-5,D0,D+2",
            "business_hours     | mon-fri 08:00-18:00; sat 08:00-12:00",
            "optional_holidays  | sim",
            "max_send_attempts  | 20",
            "ingest_requests_per_minute | 600",
            "ingest_billings_per_minute | 1000",
            "evolution_base_url | https://evo.example.com:8443/api",
            "evolution_instance | provedor_norte-01",
            "alert_whatsapp     | +55 11 99999-0000",
            "alert_endpoint     | não",
            "time_zone          | America/Rio_Branco",
            "state              | AC",
            "municipal_holidays | 01-25, 2026-06-04",
    })
    void validValuesAreStoredStripped(String key, String value) {
        assertThat(KnownSettings.validate(key, " " + value + " ")).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "horario_envio      | 25:00              | is not a time HH:mm",
            "horario_verificacao| 9h                 | is not a time HH:mm",
            "reminder_plan      | D+3,D0             | is not after the previous step",
            "reminder_plan      | D0,D1,D2,D3,D4,D5,D6,D7,D8,D9,D10,D11,D12,D13,D14,D15,D16,D17,D18,D19,D20,D21,D22,D23,D24,D25,D26,D27,D28,D29,D30 | 31 steps; at most 30",
            "business_hours     | sempre             | is not like",
            "optional_holidays  | talvez             | is not true or false",
            "max_send_attempts  | 0                  | is outside 1-20",
            "max_send_attempts  | cinco              | is not an integer",
            "evolution_base_url | ftp://evo.example  | is not an absolute http(s) URL",
            "evolution_base_url | evo.example.com    | is not an absolute http(s) URL",
            "evolution_instance | a/b                | is not 1-100 letters",
            "alert_whatsapp     | 1234               | is not a valid Brazilian phone (too short)",
            "alert_endpoint     | talvez             | is not true or false",
            "time_zone          | Brasil/Acre        | is not an IANA time zone id",
            "time_zone          | -03:00             | is not an IANA time zone id",
            "state              | XX                 | is not a UF code",
            "municipal_holidays | 25/01              | neither MM-dd nor yyyy-MM-dd",
            "ingest_requests_per_minute | 0          | is outside 1-100000",
            "ingest_billings_per_minute | 999        | is outside 1000-10000000",
    })
    void badValuesAreRefusedNamingKeyValueAndWhatTheKeyAccepts(String key, String value, String problem) {
        assertThatThrownBy(() -> KnownSettings.validate(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting '" + key + "' value '" + value + "' ")
                .hasMessageContaining(problem)
                .hasMessageContaining("; expected " + KnownSettings.require(key).accepts());
    }

    @Test
    void anUnknownKeyIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> KnownSettings.validate("horario_envios", "09:00"))
                .isInstanceOf(UnknownNameException.class)
                .hasMessage("unknown setting 'horario_envios'; known: alert_endpoint, alert_whatsapp, business_hours, evolution_base_url, evolution_instance, "
                        + "horario_envio, horario_limpeza, horario_verificacao, ingest_billings_per_minute, ingest_requests_per_minute, "
                        + "max_send_attempts, municipal_holidays, optional_holidays, reminder_plan, state, time_zone");
    }
}
