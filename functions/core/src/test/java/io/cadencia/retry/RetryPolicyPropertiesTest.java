package io.cadencia.retry;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Backoff for any valid configuration: the ceiling grows with each failure up to the cap, the delay stays under it. */
class RetryPolicyPropertiesTest {

    @Provide
    Arbitrary<RetryPolicy> backoffs() {
        Arbitrary<Long> baseMillis = Arbitraries.longs().between(1, 10_000);
        Arbitrary<Long> capFactor = Arbitraries.longs().between(1, 1_000);
        Arbitrary<Double> multiplier = Arbitraries.doubles().between(1.0, 10.0);
        Arbitrary<Integer> attempts = Arbitraries.integers().between(1, 30);
        return Combinators.combine(baseMillis, capFactor, multiplier, attempts).as((base, factor, m, n) ->
                RetryPolicy.exponential(n, Duration.ofMillis(base), m, Duration.ofMillis(base * factor)));
    }

    @Property
    void ceilingStartsAtBaseGrowsWithEachFailureAndNeverPassesTheCap(
            @ForAll("backoffs") RetryPolicy backoff, @ForAll @IntRange(min = 1, max = 10_000) int failures) {
        assertThat(backoff.ceiling(1)).isEqualTo(backoff.base());
        assertThat(backoff.ceiling(failures)).isLessThanOrEqualTo(backoff.ceiling(failures + 1));
        assertThat(backoff.ceiling(failures)).isBetween(backoff.base(), backoff.maxDelay());
    }

    @Property
    void delayIsWithinTheCeilingUntilTheAttemptsAreSpent(@ForAll("backoffs") RetryPolicy backoff,
            @ForAll @IntRange(min = 1, max = 40) int failures, @ForAll long seed) {
        Optional<Duration> delay = backoff.nextDelay(failures, Optional.empty(), new SplittableRandom(seed));
        assertThat(delay.isPresent()).isEqualTo(failures < backoff.maxAttempts());
        delay.ifPresent(d -> assertThat(d).isBetween(Duration.ZERO, backoff.ceiling(failures)));
    }

    @Property
    void hubSoftWaitsAtLeastTheServersRetryAfterAndOtherwiseBacksOff(@ForAll("backoffs") RetryPolicy backoff,
            @ForAll @IntRange(min = 1, max = 40) int failures, @ForAll @LongRange(min = 0, max = 600_000) long retryAfterMillis,
            @ForAll boolean serverSaidWhen, @ForAll long seed) {
        Optional<Duration> retryAfter = serverSaidWhen ? Optional.of(Duration.ofMillis(retryAfterMillis)) : Optional.empty();
        Optional<Duration> delay = backoff.honouringRetryAfter().nextDelay(failures, retryAfter, new SplittableRandom(seed));

        assertThat(delay.isPresent()).isEqualTo(failures < backoff.maxAttempts());
        delay.ifPresent(d -> {
            Duration floor = retryAfter.orElse(Duration.ZERO);
            Duration ceiling = floor.compareTo(backoff.ceiling(failures)) > 0 ? floor : backoff.ceiling(failures);
            assertThat(d).isBetween(floor, ceiling);
        });
    }

    @Property
    void upperHalfDelayIsWholeUnitsBetweenHalfTheCeilingAndTheCeiling(@ForAll("backoffs") RetryPolicy backoff,
            @ForAll @IntRange(min = 1, max = 40) int failures, @ForAll @LongRange(min = 1, max = 5_000) long unitMillis,
            @ForAll long seed) {
        Duration unit = Duration.ofMillis(unitMillis);
        Duration delay = backoff.spread(RetryPolicy.Spread.UPPER_HALF, unit).delay(failures, Optional.empty(), new SplittableRandom(seed));
        long units = Math.max(1, backoff.ceiling(failures).dividedBy(unit));
        assertThat(delay.toMillis() % unitMillis).isZero();
        assertThat(delay).isBetween(unit.multipliedBy(Math.max(1, units / 2)), unit.multipliedBy(units));
    }
}
