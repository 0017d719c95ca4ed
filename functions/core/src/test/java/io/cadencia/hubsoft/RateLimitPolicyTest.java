package io.cadencia.hubsoft;

import io.cadencia.ratelimit.Bucket;
import io.cadencia.ratelimit.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitPolicyTest {

    final RateLimitPolicy policy = RateLimitPolicy.defaults();
    final Instant t0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void defaultsSplitThirtyPerMinuteIntoBurstAndRefill() {
        assertThat(policy.burst()).isEqualTo(6);
        assertThat(policy.floor(Priority.CRITICAL)).isZero();
        assertThat(policy.floor(Priority.HIGH)).isEqualTo(1);
        assertThat(policy.floor(Priority.NORMAL)).isEqualTo(2);
        assertThat(policy.floor(Priority.LOW)).isEqualTo(3);
    }

    @Test
    void lowerPrioritiesCannotTakeTokensReservedForHigherOnes() {
        Bucket bucket = new Bucket(3, t0);
        assertThat(policy.take(bucket, t0, Priority.LOW).granted()).isFalse();
        assertThat(policy.take(bucket, t0, Priority.NORMAL).granted()).isTrue();
        Bucket one = new Bucket(1, t0);
        assertThat(policy.take(one, t0, Priority.HIGH).granted()).isFalse();
        assertThat(policy.take(one, t0, Priority.CRITICAL).granted()).isTrue();
    }

    @Test
    void refillIsComputedFromTimestampsAndCappedAtBurst() {
        Bucket empty = new Bucket(0, t0);
        assertThat(policy.refill(empty, t0.plusSeconds(5)).tokens()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(policy.refill(empty, t0.plusSeconds(3600)).tokens()).isEqualTo(6.0);
        assertThat(policy.refill(empty, t0.minusSeconds(10)).tokens()).isZero();
    }

    @Test
    void waitSaysWhenEnoughTokensForThePriorityWillBeThere() {
        Bucket empty = new Bucket(0, t0);
        assertThat(policy.take(empty, t0, Priority.CRITICAL).retryIn()).isEqualTo(Duration.ofMillis(2500));
        assertThat(policy.take(empty, t0, Priority.LOW).retryIn()).isEqualTo(Duration.ofMillis(10_000));
    }

    @Test
    void noSixtySecondWindowGrantsMoreThanTheLimit() {
        Bucket bucket = policy.full(t0);
        int granted = 0;
        for (long ms = 0; ms < 60_000; ms += 100) {
            Decision d = policy.take(bucket, t0.plusMillis(ms), Priority.CRITICAL);
            bucket = d.bucket();
            if (d.granted()) {
                granted++;
            }
        }
        assertThat(granted).isLessThanOrEqualTo(30).isGreaterThanOrEqualTo(29);
    }

    /**
     * Found by RateLimitPolicyPropertiesTest: 7/min refills 1/20,000 of a token a millisecond; with 1/20,000 left the
     * wait came out as 19,999 ms, which refills a rounding error short of the token, so the retry was denied again.
     */
    @Test
    void aDeniedRequestRetriedAfterItsWaitIsGranted() {
        RateLimitPolicy seven = RateLimitPolicy.of(7);
        Bucket bucket = seven.full(t0);
        Instant later = t0.plusMillis(1);
        for (Instant at : java.util.List.of(t0, t0, later, later)) {
            bucket = seven.take(bucket, at, Priority.CRITICAL).bucket();
        }
        Decision denied = seven.take(bucket, later, Priority.CRITICAL);
        assertThat(denied.granted()).isFalse();

        assertThat(seven.take(denied.bucket(), later.plus(denied.retryIn()), Priority.CRITICAL).granted()).isTrue();
    }
}
