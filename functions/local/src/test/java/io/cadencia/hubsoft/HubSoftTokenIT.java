package io.cadencia.hubsoft;

import io.cadencia.local.hubsoft.HubSoftSimulator;
import io.cadencia.secrets.SecretNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSoftTokenIT {

    static HubSoftHarness h;

    @BeforeAll
    static void start() {
        h = new HubSoftHarness(1000);
        for (int i = 0; i < 40; i++) {
            h.sim.addClient(String.format("%011d", 10_000_000_000L + i), "Cliente " + i, "37988242968", "servico_habilitado");
        }
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void twentyConcurrentLambdasRenewTheTokenExactlyOnce() throws Exception {
        String tenant = h.configuredTenant();
        h.sim.resetCounters();
        List<HubSoft> lambdas = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lambdas.add(h.container());
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HubSoft lambda = lambdas.get(i);
            String document = String.format("%011d", 10_000_000_000L + i);
            calls.add(pool.submit(() -> {
                go.await();
                return lambda.clientInfo(tenant, document, true, Priority.HIGH).orElseThrow();
            }));
        }
        go.countDown();
        for (Future<?> call : calls) {
            call.get();
        }
        pool.shutdown();

        assertThat(h.sim.requestCount(HubSoftSimulator.TOKEN)).isEqualTo(1);
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(20);
        assertThat(h.env.aws().clients().secrets().getSecretValue(b -> b.secretId(SecretNames.hubsoftToken(tenant))).secretString())
                .contains("access_token", "expires_at");
    }

    @Test
    void aTokenWithLessThanFiveMinutesLeftIsRenewedAndAFreshOneIsReused() {
        String tenant = h.configuredTenant();
        h.sim.setTokenLifetime(Duration.ofMinutes(20));
        try {
            HubSoft lambda = h.container();
            h.sim.resetCounters();
            lambda.client().clientInfo(tenant, "10000000000", Priority.HIGH);
            h.clock.advance(Duration.ofMinutes(14));
            lambda.client().clientInfo(tenant, "10000000001", Priority.HIGH);
            assertThat(h.sim.requestCount(HubSoftSimulator.TOKEN)).isEqualTo(1);
            h.clock.advance(Duration.ofMinutes(2));
            h.container().client().clientInfo(tenant, "10000000002", Priority.HIGH);
            assertThat(h.sim.requestCount(HubSoftSimulator.TOKEN)).isEqualTo(2);
        } finally {
            h.sim.setTokenLifetime(Duration.ofDays(30));
        }
    }

    @Test
    void a401InvalidatesTheTokenAndRetriesOnceAndOtherLambdasReuseTheNewToken() {
        String tenant = h.configuredTenant();
        HubSoft first = h.container();
        HubSoft second = h.container();
        first.client().clientInfo(tenant, "10000000000", Priority.HIGH);
        second.client().clientInfo(tenant, "10000000000", Priority.HIGH);
        h.sim.resetCounters();
        h.sim.revokeTokens();

        assertThat(first.client().clientInfo(tenant, "10000000003", Priority.HIGH)).isPresent();
        assertThat(second.client().clientInfo(tenant, "10000000003", Priority.HIGH)).isPresent();

        assertThat(h.sim.requestCount(HubSoftSimulator.TOKEN)).isEqualTo(1);
        // first: 401 + retry; second: 401 (its memory still had the revoked token) + retry with the shared new one
        assertThat(h.sim.requestCount(HubSoftSimulator.CLIENT_LOOKUP)).isEqualTo(4);
        assertThat(h.metrics.total("hubsoft.token.rejected")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theTokenNeverAppearsInExceptionMessagesNorInToString() throws Exception {
        String tenant = h.configuredTenant();
        HubSoft lambda = h.container();
        lambda.client().clientInfo(tenant, "10000000000", Priority.HIGH);
        String secret = h.env.aws().clients().secrets().getSecretValue(b -> b.secretId(SecretNames.hubsoftToken(tenant))).secretString();
        String token = io.cadencia.aws.Json.MAPPER.readTree(secret).path("access_token").asText();
        assertThat(token).isNotBlank();

        h.sim.failNext(10, 503);
        Throwable down = catchAll(() -> lambda.client().clientInfo(tenant, "10000000001", Priority.HIGH));
        h.sim.failNext(0, 500);
        h.sim.businessErrorNext(1);
        Throwable refused = catchAll(() -> lambda.client().clientInfo(tenant, "10000000001", Priority.HIGH));

        assertThat(down).isInstanceOf(HubSoftUnavailableException.class);
        assertThat(refused).isInstanceOf(HubSoftBusinessError.class);
        for (Throwable t : List.of(down, refused)) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(token).doesNotContain("client-secret-xyz").doesNotContain("s3nh4");
            }
        }
        assertThat(new AccessToken(token, h.clock.instant()).toString()).doesNotContain(token);
        assertThat(HubSoftCredentials.parse(tenant, h.sim.credentialsJson()).toString()).doesNotContain("client-secret-xyz", "s3nh4");
        assertThat(h.metrics.snapshot().keySet()).noneMatch(k -> k.contains(token));
    }

    @Test
    void wrongCredentialsAreAnAuthErrorWithoutTheSecretInTheMessage() {
        String tenant = "hs-badcreds";
        h.configure(tenant, h.sim.credentialsJson().replace("s3nh4", "wrong-password"));
        assertThatThrownBy(() -> h.container().client().clientInfo(tenant, "10000000000", Priority.HIGH))
                .isInstanceOf(HubSoftAuthException.class)
                .message().doesNotContain("wrong-password");
    }

    private static Throwable catchAll(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
