package io.cadencia.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy backoff = RetryPolicy.exponential(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

    @Test
    void ceilingGrowsExponentiallyUpToMaxDelay() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::ceiling).map(Duration::toMillis).toList())
                .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L);
        assertThat(backoff.ceiling(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delayIsDrawnFromZeroToTheCeilingInclusive() {
        assertThat(backoff.nextDelay(3, Optional.empty(), Draws.HIGHEST)).contains(Duration.ofSeconds(4));
        assertThat(backoff.nextDelay(3, Optional.empty(), Draws.LOWEST)).contains(Duration.ZERO);
    }

    @Test
    void stopsAfterMaxAttempts() {
        assertThat(backoff.nextDelay(4, Optional.empty(), Draws.HIGHEST)).isPresent();
        assertThat(backoff.nextDelay(5, Optional.empty(), Draws.HIGHEST)).isEmpty();
        assertThat(backoff.nextDelay(6, Optional.empty(), Draws.HIGHEST)).isEmpty();
    }

    @Test
    void isDeterministicForASeededGeneratorAndStaysInRange() {
        List<Optional<Duration>> first = IntStream.rangeClosed(1, 4).mapToObj(n -> backoff.nextDelay(n,
                Optional.empty(), new SplittableRandom(42))).toList();
        List<Optional<Duration>> second = IntStream.rangeClosed(1, 4).mapToObj(n -> backoff.nextDelay(n,
                Optional.empty(), new SplittableRandom(42))).toList();
        assertThat(first).isEqualTo(second);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.nextDelay(2, Optional.empty(), random).orElseThrow();
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> RetryPolicy.exponential(3, Duration.ZERO, 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.exponential(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.exponential(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.spread(RetryPolicy.Spread.FULL, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.nextDelay(0, Optional.empty(), Draws.HIGHEST)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Queue redeliveries: whole seconds between half the ceiling and the ceiling (15–30 s, 30–60 s, …), never 0 s. */
    @Test
    void upperHalfDrawsWholeUnitsFromHalfTheCeilingToTheCeiling() {
        RetryPolicy redelivery = RetryPolicy.exponential(5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15))
                .spread(RetryPolicy.Spread.UPPER_HALF, Duration.ofSeconds(1));
        assertThat(redelivery.delay(1, Optional.empty(), Draws.LOWEST)).isEqualTo(Duration.ofSeconds(15));
        assertThat(redelivery.delay(1, Optional.empty(), Draws.HIGHEST)).isEqualTo(Duration.ofSeconds(30));
        assertThat(redelivery.delay(2, Optional.empty(), Draws.LOWEST)).isEqualTo(Duration.ofSeconds(30));
        assertThat(redelivery.delay(9, Optional.empty(), Draws.HIGHEST)).as("past maxAttempts, still a delay").isEqualTo(Duration.ofMinutes(15));
        RetryPolicy subSecond = RetryPolicy.exponential(5, Duration.ofMillis(300), 2.0, Duration.ofSeconds(1))
                .spread(RetryPolicy.Spread.UPPER_HALF, Duration.ofSeconds(1));
        assertThat(subSecond.delay(1, Optional.empty(), Draws.LOWEST)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterCountsOnlyWhenThePolicyHonoursIt() {
        Optional<Duration> twenty = Optional.of(Duration.ofSeconds(20));
        assertThat(backoff.nextDelay(1, twenty, Draws.HIGHEST)).contains(Duration.ofSeconds(1));
        assertThat(backoff.honouringRetryAfter().nextDelay(1, twenty, Draws.HIGHEST)).contains(Duration.ofSeconds(20));
        assertThat(backoff.honouringRetryAfter().nextDelay(1, Optional.of(Duration.ofMillis(1)), Draws.HIGHEST)).contains(Duration.ofSeconds(1));
        assertThat(backoff.honouringRetryAfter().nextDelay(5, twenty, Draws.HIGHEST)).as("no attempts left, whatever the server says").isEmpty();
    }
}
