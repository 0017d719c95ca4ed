package io.cadencia.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    static final Instant T0 = Instant.parse("2026-11-24T13:00:00Z");

    @Test
    void aCostOfManyTokensIsTakenWholeOrNotAtAllWithTheWaitForExactlyWhatIsMissing() {
        TokenBucket perMinute1000 = new TokenBucket(1000, 1000);
        Decision first = perMinute1000.take(perMinute1000.full(T0), T0, 600, 600);
        assertThat(first.granted()).isTrue();
        assertThat(first.bucket().tokens()).isEqualTo(400);
        Decision second = perMinute1000.take(first.bucket(), T0, 600, 600);
        assertThat(second.granted()).isFalse();
        assertThat(second.bucket().tokens()).isEqualTo(400);
        assertThat(second.retryIn()).isEqualTo(Duration.ofSeconds(12));
        assertThat(perMinute1000.take(second.bucket(), T0.plus(second.retryIn()), 600, 600).granted()).isTrue();
    }
}
