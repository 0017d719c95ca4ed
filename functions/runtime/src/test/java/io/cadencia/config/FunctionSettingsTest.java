package io.cadencia.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("TENANTS_TABLE", "t");
        env.put("WORK_TABLE", "w");
        env.put("RUNS_TABLE", "r");
        env.put("SHARED_TABLE", "s");
        return env;
    }

    @Test
    void defaultsAreTheProductionValues() {
        FunctionSettings settings = FunctionSettings.from(new RuntimeConfig(minimal()));
        assertThat(settings.sending().minGap()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.sending().maxGap()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.sending().typingDelay()).isEqualTo(Duration.ofMillis(1200));
        assertThat(settings.runs().lease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.runs().maxAttempts()).isEqualTo(5);
        assertThat(settings.runRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aBadValueStopsTheStartNamingTheVariable() {
        Map<String, String> env = minimal();
        env.put("BILLING_SEND_MAX_GAP", "3 seconds");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env)))
                .hasMessageContaining("BILLING_SEND_MAX_GAP").hasMessageContaining("'3 seconds'");
        env.put("BILLING_SEND_MAX_GAP", "PT0.5S");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env)))
                .hasMessageContaining("BILLING_SEND_MAX_GAP").hasMessageContaining("BILLING_SEND_MIN_GAP");
        env.remove("BILLING_SEND_MAX_GAP");
        env.put("WORK_MAX_ATTEMPTS", "zero");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env))).hasMessageContaining("WORK_MAX_ATTEMPTS");
        env.remove("WORK_MAX_ATTEMPTS");
        env.put("EVOLUTION_REQUEST_TIMEOUT", "PT1S");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env))).hasMessageContaining("EVOLUTION_TYPING_DELAY");
    }

    @Test
    void aWorkerWithoutItsQueuesFailsAtStart() {
        Map<String, String> env = minimal();
        env.put("CATEGORY", "critico");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env))).hasMessageContaining("QUEUE_URL_CRITICO");
        env.put("QUEUE_URL_CRITICO", "q");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env))).hasMessageContaining("DLQ_URL_CRITICO");
        env.put("DLQ_URL_CRITICO", "d");
        assertThat(FunctionSettings.from(new RuntimeConfig(env)).category()).contains("critico");
    }

    @Test
    void aMissingTableIsNamed() {
        Map<String, String> env = minimal();
        env.remove("WORK_TABLE");
        assertThatThrownBy(() -> FunctionSettings.from(new RuntimeConfig(env))).hasMessageContaining("WORK_TABLE");
    }
}
