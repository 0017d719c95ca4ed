package io.cadencia.billing;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The work table holds these names and the controls answer them: renaming a constant must not change them. */
class StatusWireNamesTest {

    @Test
    void messageStatusesKeepTheirWireNames() {
        assertThat(wires(MessageStatus.values(), MessageStatus::wire)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PENDING", "pending", "SENDING", "sending", "SENT", "sent", "FAILED", "failed", "CANCELLED", "cancelled",
                "PAUSED", "paused", "UNCONFIRMED", "unconfirmed"));
        Arrays.stream(MessageStatus.values()).forEach(s -> assertThat(MessageStatus.fromWire(s.wire())).isSameAs(s));
        assertThatThrownBy(() -> MessageStatus.fromWire("PENDING")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cycleStatusesKeepTheirWireNames() {
        assertThat(wires(CycleStatus.values(), CycleStatus::wire)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ACTIVE", "active", "CANCELLED", "cancelled", "PAID", "paid", "COMPLETED", "completed"));
        Arrays.stream(CycleStatus.values()).forEach(s -> assertThat(CycleStatus.fromWire(s.wire())).isSameAs(s));
        assertThatThrownBy(() -> CycleStatus.fromWire("ACTIVE")).isInstanceOf(IllegalArgumentException.class);
    }

    /** What the cancel conditions and a re-issued bill's index check compare against. */
    @Test
    void openMessagesAndEndedCyclesAreTheOnesTheConditionsName() {
        assertThat(MessageStatus.values()).filteredOn(MessageStatus::open)
                .containsExactlyInAnyOrder(MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.PAUSED);
        assertThat(CycleStatus.values()).filteredOn(CycleStatus::ended)
                .containsExactlyInAnyOrder(CycleStatus.CANCELLED, CycleStatus.PAID, CycleStatus.COMPLETED);
    }

    private static <E extends Enum<E>> Map<String, String> wires(E[] values, Function<E, String> wire) {
        return Arrays.stream(values).collect(Collectors.toMap(Enum::name, wire));
    }
}
