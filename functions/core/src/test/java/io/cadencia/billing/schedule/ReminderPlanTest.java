package io.cadencia.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cadencia.billing.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReminderPlanTest {

    @Test
    void defaultIsDMinus3ToDPlus7() {
        assertThat(ReminderPlan.DEFAULT.steps()).extracting(ReminderStep::name)
                .containsExactly("D-3", "D0", "D+3", "D+7");
    }

    @Test
    void parsesTheSettingForm() {
        assertThat(ReminderPlan.parse("D-3,D0,D+3,D+7").value()).isEqualTo(ReminderPlan.DEFAULT);
        assertThat(ReminderPlan.parse(" d-5 , D+0 ,D15").value().steps())
                .containsExactly(new ReminderStep(-5), new ReminderStep(0), new ReminderStep(15));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "D-3,X                | \"X\" is not a step like D-3, D0 or D+7",
            "D-3,,D0              | \"\" is not a step like D-3, D0 or D+7",
            "D-3;D0               | \"D-3;D0\" is not a step like D-3, D0 or D+7",
            "D+3,D0               | \"D0\" is not after the previous step; list steps in increasing order without repeats",
            "D0,D+0               | \"D+0\" is not after the previous step; list steps in increasing order without repeats",
            "D0,D+400             | \"D+400\" is more than 365 days from the due date",
            "' '                  | no steps (expected e.g. \"D-3,D0,D+3,D+7\")",
    })
    void rejectsBadSettingsNamingFieldAndValue(String setting, String reason) {
        assertThat(ReminderPlan.parse(setting).error())
                .isEqualTo(new FieldError("reminderPlan", "\"" + setting + "\" is not valid: " + reason));
    }

    @Test
    void constructorRefusesUnorderedSteps() {
        assertThatThrownBy(() -> new ReminderPlan(List.of(new ReminderStep(0), new ReminderStep(0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReminderPlan(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
