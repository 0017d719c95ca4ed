package io.cadencia.hubsoft;

import io.cadencia.retry.RetryBackoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HubSoftPoliciesTest {

    final Instant t0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void cacheTtlsPerCategoryFollowSeed003AndAreConfigurable() {
        CachePolicy policy = CachePolicy.defaults();
        assertThat(policy.freshUntil(CacheCategory.CLIENT_DATA, t0)).isEqualTo(t0.plus(Duration.ofMinutes(30)));
        assertThat(policy.freshUntil(CacheCategory.CONTRACT_STATUS, t0)).isEqualTo(t0.plus(Duration.ofHours(4)));
        assertThat(policy.freshUntil(CacheCategory.SERVICE_DATA, t0)).isEqualTo(t0.plus(Duration.ofHours(1)));
        assertThat(policy.withTtl(CacheCategory.CLIENT_DATA, Duration.ofMinutes(5)).freshUntil(CacheCategory.CLIENT_DATA, t0))
                .isEqualTo(t0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void tokenIsRenewedWithLessThanFiveMinutesLeftAndNeverPrinted() {
        AccessToken token = new AccessToken("secret-token-value", t0.plus(Duration.ofMinutes(10)));
        assertThat(token.needsRenewal(t0)).isFalse();
        assertThat(token.needsRenewal(t0.plus(Duration.ofMinutes(5)).plusSeconds(1))).isTrue();
        assertThat(token.toString()).doesNotContain("secret-token-value");
    }

    @Test
    void backoffDoublesAllowsThreeRetriesAndHonoursRetryAfter() {
        BackoffPolicy policy = BackoffPolicy.defaults();
        Random random = new Random(1);
        assertThat(policy.backoff().ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff().ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.next(3, Optional.empty(), random)).isPresent();
        assertThat(policy.next(4, Optional.empty(), random)).isEmpty();
        assertThat(policy.next(1, Optional.of(Duration.ofSeconds(20)), random)).contains(Duration.ofSeconds(20));
        assertThat(new BackoffPolicy(new RetryBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 2))
                .next(1, Optional.of(Duration.ofMillis(1)), random).orElseThrow()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void contractStatusComesFromServicePrefixes() {
        assertThat(ContractStatus.of(List.of("cancelado", "servico_habilitado"))).isEqualTo(ContractStatus.ACTIVE);
        assertThat(ContractStatus.of(List.of("suspenso_debito"))).isEqualTo(ContractStatus.SUSPENDED);
        assertThat(ContractStatus.of(List.of("cancelado", "inativo"))).isEqualTo(ContractStatus.CANCELLED);
        assertThat(ContractStatus.of(List.of("aguardando_instalacao"))).isEqualTo(ContractStatus.PENDING);
    }
}
