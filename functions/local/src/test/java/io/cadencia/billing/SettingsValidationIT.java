package io.cadencia.billing;

import io.cadencia.local.BillingData;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cadencia.billing.BillingEdgeCasesIT.TODAY;
import static io.cadencia.billing.BillingEdgeCasesIT.TUESDAY_10H;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 7.9: settings are checked when saved, and a bad stored value never breaks a later ingest. */
class SettingsValidationIT {

    static BillingStack stack;

    @BeforeAll
    static void start() {
        stack = BillingStack.productionPacing(TUESDAY_10H, "settings");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shown(Tenant tenant) {
        return (Map<String, Object>) stack.control(Map.of("action", "tenant", "tenant", tenant.id())).get("settings");
    }

    @Test
    void anUnknownKeyIsRefusedListingTheKnownOnesGlobalTenantAndSaveTenant() {
        Tenant tenant = stack.tenant(Map.of());
        String known = "known: alert_endpoint, alert_whatsapp, business_hours, evolution_base_url, evolution_instance, horario_envio, horario_limpeza, "
                + "horario_verificacao, ingest_billings_per_minute, ingest_requests_per_minute, max_send_attempts, municipal_holidays, "
                + "optional_holidays, reminder_plan, state, time_zone";
        assertThatThrownBy(() -> stack.control(Map.of("action", "set-setting", "key", "horario_de_envio", "value", "09:00")))
                .hasMessage("unknown setting 'horario_de_envio'; " + known);
        assertThatThrownBy(() -> stack.control(Map.of("action", "set-setting", "tenant", tenant.id(), "key", "plano", "value", "D0")))
                .hasMessage("unknown setting 'plano'; " + known);
        assertThatThrownBy(() -> stack.control(Map.of("action", "save-tenant", "tenant", tenant.id(), "settings", Map.of("plano", "D0"))))
                .hasMessageContaining("unknown setting 'plano'; " + known);
        assertThat(shown(tenant)).doesNotContainKeys("horario_de_envio", "plano");
    }

    @Test
    void everyKindOfBadValueIsRefusedOnEverySavePathAndNothingIsStored() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, String> bad = Map.of("horario_envio", "9h", "reminder_plan", "D+3,D0", "business_hours", "sempre",
                "max_send_attempts", "0", "optional_holidays", "talvez", "evolution_base_url", "evo.example.com");
        bad.forEach((key, value) -> {
            assertThatThrownBy(() -> stack.control(Map.of("action", "set-setting", "key", key, "value", value)))
                    .hasMessageStartingWith("setting '" + key + "' value '" + value + "' ").hasMessageContaining("; expected ");
            assertThatThrownBy(() -> stack.control(Map.of("action", "set-setting", "tenant", tenant.id(), "key", key, "value", value)))
                    .hasMessageStartingWith("setting '" + key + "' value '" + value + "' ");
        });
        assertThatThrownBy(() -> stack.control(Map.of("action", "save-tenant", "tenant", tenant.id(),
                "settings", Map.of("max_send_attempts", "0", "reminder_plan", "D+3,D0", "horario_envio", "10:00"))))
                .hasMessageContaining("setting 'max_send_attempts' value '0' is outside 1-20")
                .hasMessageContaining("setting 'reminder_plan' value 'D+3,D0'");
        assertThatThrownBy(() -> stack.control(Map.of("action", "save-tenant", "tenant", tenant.id(), "active", "talvez")))
                .hasMessageContaining("field 'active' value 'talvez' is not true or false");
        Tenant stored = stack.env.app("ControlFunction").tenants().find(tenant.id()).orElseThrow();
        assertThat(stored.settings()).doesNotContainKeys("max_send_attempts", "reminder_plan", "horario_envio");
        assertThat(stored.active()).isTrue();
        assertThat(stack.env.app("ControlFunction").tenants().globalSettings()).doesNotContainKeys(bad.keySet().toArray(String[]::new));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBadValueStoredAroundTheControlsNeverFailsAnIngestAndAFixWorksAtOnce() {
        Tenant tenant = stack.tenant(Map.of());
        // As a row written before validation existed, or by hand in the console.
        stack.env.app("ControlFunction").tenants().save(new Tenant(tenant.id(), tenant.name(), true, tenant.endpointBaseUrl(),
                merged(tenant, Map.of("reminder_plan", "D+3,D0", "horario_envio", "9h"))));

        Map<String, Object> result = stack.ingest(tenant.id(), List.of(BillingData.valid("bad-setting-1", 7001, TODAY.plusDays(10))));
        assertThat(result).containsEntry("created", 1);
        assertThat((List<String>) result.get("warnings")).anySatisfy(w -> assertThat(w)
                .startsWith("tenant setting 'reminder_plan' value 'D+3,D0'").contains("is ignored"))
                .anySatisfy(w -> assertThat(w).startsWith("tenant setting 'horario_envio' value '9h' is not a time HH:mm"));
        assertThat(stack.messages(tenant.id(), stack.cycleId(result, 0))).extracting(ReminderMessage::step)
                .containsExactlyInAnyOrder("D-3", "D0", "D+3", "D+7");
        assertThat(shown(tenant).get("reminder_plan")).isEqualTo(Map.of("value", "D-3,D0,D+3,D+7", "source", "default",
                "problem", "tenant setting 'reminder_plan' value 'D+3,D0' is not valid: \"D0\" is not after the previous step; list "
                        + "steps in increasing order without repeats and is ignored; expected steps like D-3,D0,D+3,D+7: increasing, "
                        + "each within 365 days of the due date, at most 30"));

        stack.control(Map.of("action", "set-setting", "tenant", tenant.id(), "key", "reminder_plan", "value", " D0,D+3 "));
        assertThat(shown(tenant).get("reminder_plan")).isEqualTo(Map.of("value", "D0,D+3", "source", "tenant"));
        // The ingest function is another container: it sees the fix once its tenant cache (TENANT_CACHE_TTL) expires.
        stack.clock.advance(Duration.ofSeconds(31));
        Map<String, Object> fixed = stack.ingest(tenant.id(), List.of(BillingData.valid("bad-setting-2", 7002, TODAY.plusDays(10))));
        assertThat(stack.messages(tenant.id(), stack.cycleId(fixed, 0))).extracting(ReminderMessage::step).containsExactlyInAnyOrder("D0", "D+3");
        stack.clock.set(TUESDAY_10H);
    }

    private static Map<String, String> merged(Tenant tenant, Map<String, String> extra) {
        Map<String, String> all = new java.util.HashMap<>(tenant.settings());
        all.putAll(extra);
        return all;
    }
}
