package io.cadencia.hubsoft;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
    void contractStatusComesFromServicePrefixes() {
        assertThat(ContractStatus.of(List.of("cancelado", "servico_habilitado"))).isEqualTo(ContractStatus.ACTIVE);
        assertThat(ContractStatus.of(List.of("suspenso_debito"))).isEqualTo(ContractStatus.SUSPENDED);
        assertThat(ContractStatus.of(List.of("cancelado", "inativo"))).isEqualTo(ContractStatus.CANCELLED);
        assertThat(ContractStatus.of(List.of("aguardando_instalacao"))).isEqualTo(ContractStatus.PENDING);
    }
}
