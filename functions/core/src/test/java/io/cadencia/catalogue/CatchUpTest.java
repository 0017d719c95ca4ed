package io.cadencia.catalogue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catch-up policies as a plan over missed fire times; the dispatcher's use of it is in DispatcherTest. */
class CatchUpTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    /** Hourly fire times, oldest first, the newest one hour before NOW. */
    static List<Instant> missedHours(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(h -> NOW.minus(Duration.ofHours(count - h + 1))).toList();
    }

    static CatchUp.Plan plan(CatchUp catchUp, int missed) {
        return catchUp.plan(missedHours(missed), NOW, NOW);
    }

    @Test
    void skipRunsNoneOnceRunsTheLatestAllRunsUpToItsCapNewestOldestFirst() {
        CatchUp skip = new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofDays(1));
        CatchUp once = new CatchUp(CatchUp.Policy.ONCE, 1, Duration.ofDays(1));
        CatchUp all = new CatchUp(CatchUp.Policy.ALL, 3, Duration.ofDays(1));
        List<Instant> missed = missedHours(5);

        assertThat(plan(skip, 5).run()).isEmpty();
        assertThat(plan(once, 5).run()).containsExactly(missed.get(4));
        assertThat(plan(all, 5).run()).containsExactly(missed.get(2), missed.get(3), missed.get(4));
        assertThat(plan(all, 2).run()).as("fewer missed than the cap: all of them").containsExactly(missedHours(2).toArray(Instant[]::new));
        for (CatchUp catchUp : List.of(skip, once, all)) {
            assertThat(plan(catchUp, 5).missed()).isEqualTo(5);
            assertThat(plan(catchUp, 0).run()).as("nothing missed, nothing to catch up").isEmpty();
        }
    }

    @Test
    void aMissedTickOlderThanTheWindowNeverRunsButIsCounted() {
        CatchUp.Plan plan = plan(new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofHours(3)), 5);
        assertThat(plan.run()).as("3 h old is within the window").containsExactly(missedHours(3).toArray(Instant[]::new));
        assertThat(plan.missed()).as("the two older ones counted too").isEqualTo(5);
        assertThat(new CatchUp(CatchUp.Policy.ONCE, 1, Duration.ofMinutes(30)).plan(missedHours(5), NOW, NOW).run())
                .as("once runs the latest tick within the window, or none").isEmpty();
    }

    @Test
    void aTickDeliveredLaterThanTheWindowIsItselfSkippedAndCountedAndSoIsEveryTickBeforeIt() {
        CatchUp.Plan plan = new CatchUp(CatchUp.Policy.ALL, 10, Duration.ofMinutes(30)).plan(List.of(NOW.minus(Duration.ofMinutes(50))),
                NOW.minus(Duration.ofMinutes(31)), NOW);
        assertThat(plan.tickTooLate()).isTrue();
        assertThat(plan.run()).isEmpty();
        assertThat(plan.missed()).isEqualTo(2);
        assertThat(new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofMinutes(30)).plan(List.of(), NOW.minus(Duration.ofMinutes(30)), NOW).tickTooLate())
                .as("exactly the window late is still in time").isFalse();
    }

    @Test
    void theInputFieldParsesWithItsDefaultsAndEveryErrorNamesTheScheduleFieldAndValue() {
        assertThat(CatchUp.parse(null, "F.E")).isEqualTo(CatchUp.DEFAULT);
        assertThat(CatchUp.DEFAULT).isEqualTo(new CatchUp(CatchUp.Policy.ONCE, 1, Duration.ofDays(2)));
        assertThat(CatchUp.parse(Map.of("policy", "all", "max", 12, "window", "PT6H"), "F.E"))
                .isEqualTo(new CatchUp(CatchUp.Policy.ALL, 12, Duration.ofHours(6)));
        assertThat(CatchUp.parse(Map.of("policy", "skip"), "F.E")).isEqualTo(new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofDays(2)));

        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "some"), "F.E"))
                .hasMessage("F.E: catchUp.policy value 'some' is not one of skip, once, all");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "once", "window", "6h"), "F.E"))
                .hasMessage("F.E: catchUp.window value '6h' is not an ISO-8601 duration such as PT6H or P2D");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "once", "window", "-PT1H"), "F.E"))
                .hasMessage("F.E: catchUp.window must be positive, got PT-1H");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "all", "window", "PT6H"), "F.E"))
                .hasMessageContaining("F.E: catchUp.max is required with policy all");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "all", "max", 0), "F.E"))
                .hasMessage("F.E: catchUp.max must be at least 1, got 0");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "all", "max", "12"), "F.E"))
                .hasMessage("F.E: catchUp.max value '12' is not a whole number");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "once", "max", 3), "F.E"))
                .hasMessage("F.E: catchUp.max applies to policy all only, not 'once'");
        assertThatThrownBy(() -> CatchUp.parse(Map.of("policy", "once", "windw", "PT1H"), "F.E"))
                .hasMessage("F.E: catchUp has an unknown field 'windw'; known: max, policy, window");
        assertThatThrownBy(() -> CatchUp.parse("all", "F.E")).hasMessageStartingWith("F.E: catchUp must be an object");
    }

    @Test
    void describedAsTheOperatorReadsIt() {
        assertThat(new CatchUp(CatchUp.Policy.ALL, 12, Duration.ofHours(6)).describe()).isEqualTo("all (max 12, window PT6H)");
        assertThat(CatchUp.DEFAULT.describe()).isEqualTo("once (window PT48H)");
    }
}
