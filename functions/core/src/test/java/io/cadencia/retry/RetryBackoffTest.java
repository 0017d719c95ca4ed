package io.cadencia.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5);

    /** Always draws the top of the range, so the delay equals the ceiling. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void ceilingGrowsExponentiallyUpToMaxDelay() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::ceiling).map(Duration::toMillis).toList())
                .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L);
        assertThat(backoff.ceiling(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delayIsDrawnFromZeroToTheCeilingInclusive() {
        assertThat(backoff.nextDelay(3, HIGHEST)).contains(Duration.ofSeconds(4));
        RandomGenerator lowest = () -> 0L;
        assertThat(backoff.nextDelay(3, lowest)).contains(Duration.ZERO);
    }

    @Test
    void stopsAfterMaxAttempts() {
        assertThat(backoff.nextDelay(4, HIGHEST)).isPresent();
        assertThat(backoff.nextDelay(5, HIGHEST)).isEmpty();
        assertThat(backoff.nextDelay(6, HIGHEST)).isEmpty();
    }

    @Test
    void isDeterministicForASeededGeneratorAndStaysInRange() {
        List<Optional<Duration>> first = IntStream.rangeClosed(1, 4).mapToObj(n -> backoff.nextDelay(n,
                new SplittableRandom(42))).toList();
        List<Optional<Duration>> second = IntStream.rangeClosed(1, 4).mapToObj(n -> backoff.nextDelay(n,
                new SplittableRandom(42))).toList();
        assertThat(first).isEqualTo(second);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.nextDelay(2, random).orElseThrow();
            assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, 2, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.nextDelay(0, HIGHEST)).isInstanceOf(IllegalArgumentException.class);
    }
}
