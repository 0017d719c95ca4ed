package io.cadencia.hubsoft;

import io.cadencia.retry.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HubSoftConfigTest {

    @Test
    void backoffDoublesAllowsThreeRetriesAndHonoursRetryAfter() {
        RetryPolicy policy = HubSoftConfig.defaults().retry();
        Random random = new Random(1);
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.nextDelay(3, Optional.empty(), random)).isPresent();
        assertThat(policy.nextDelay(4, Optional.empty(), random)).isEmpty();
        assertThat(policy.nextDelay(1, Optional.of(Duration.ofSeconds(20)), random)).contains(Duration.ofSeconds(20));
        assertThat(policy.repeat()).as("reads are safe to repeat; createTicket narrows it per call").isEqualTo(RetryPolicy.Repeat.SAFE);
        assertThat(RetryPolicy.exponential(2, Duration.ofSeconds(1), 2, Duration.ofSeconds(1)).honouringRetryAfter()
                .nextDelay(1, Optional.of(Duration.ofMillis(1)), random).orElseThrow()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
