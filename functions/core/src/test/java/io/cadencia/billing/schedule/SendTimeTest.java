package io.cadencia.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.cadencia.billing.FieldError;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class SendTimeTest {

    @Test
    void tenantThenGlobalThenNineOClock() {
        assertThat(SendTime.resolve("10:30", "08:00").value()).isEqualTo(LocalTime.of(10, 30));
        assertThat(SendTime.resolve(null, "08:00").value()).isEqualTo(LocalTime.of(8, 0));
        assertThat(SendTime.resolve(" ", null).value()).isEqualTo(LocalTime.of(9, 0));
    }

    @Test
    void malformedSettingIsAnErrorNotAFallback() {
        assertThat(SendTime.resolve("9h", "08:00").error())
                .isEqualTo(new FieldError("horario_envio", "\"9h\" is not a time in format HH:mm"));
        assertThat(SendTime.resolve(null, "25:00").error().message()).contains("\"25:00\"");
    }
}
