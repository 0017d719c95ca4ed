package io.cadencia.hubsoft;

import io.cadencia.app.Cadencia;
import io.cadencia.app.InstanceId;
import io.cadencia.local.LocalEnvironment;
import io.cadencia.local.SimulatedClock;
import io.cadencia.secrets.SecretNames;
import io.cadencia.local.hubsoft.HubSoftSimulator;
import io.cadencia.local.hubsoft.SimulatedSleeper;
import io.cadencia.observability.InMemoryMetricsSink;
import io.cadencia.tenant.TenantId;
import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.secrets.TenantKeys;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded stack and one HubSoft simulator; every {@link #container} is a separate "Lambda container" (own
 * memory cache, own token memory, own secret cache) sharing DynamoDB, Secrets Manager and the simulated clock.
 */
final class HubSoftHarness implements AutoCloseable {

    private static final AtomicInteger TENANTS = new AtomicInteger();

    final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-23T12:00:00Z"), Cadencia.ZONE);
    final LocalEnvironment env;
    final HubSoftSimulator sim;
    final InMemoryMetricsSink metrics = new InMemoryMetricsSink();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger containers = new AtomicInteger();

    HubSoftHarness(int simulatorLimitPerMinute) {
        this(simulatorLimitPerMinute, java.util.Map.of());
    }

    /** @param envOverrides function environment values, e.g. HUBSOFT_REQUESTS_PER_MINUTE */
    HubSoftHarness(int simulatorLimitPerMinute, java.util.Map<String, String> envOverrides) {
        env = LocalEnvironment.start(clock, envOverrides);
        sim = new HubSoftSimulator(clock, new HubSoftSimulator.Credentials("3", "client-secret-xyz", "bot@isp.com.br", "s3nh4"),
                simulatorLimitPerMinute);
    }

    /** A new tenant id with this simulator's account configured. */
    String configuredTenant() {
        String tenant = "hs-" + TENANTS.incrementAndGet();
        configure(tenant, sim.credentialsJson());
        return tenant;
    }

    /** Stores the tenant's HubSoft account (its tenant key {@code hubsoft}). */
    void configure(String tenant, String credentialsJson) {
        env.app("ControlFunction").tenantKeys().save(TenantId.of(tenant), TenantKeyKind.HUBSOFT, credentialsJson);
    }

    HubSoft container() {
        return container(HubSoftConfig.defaults());
    }

    HubSoft container(HubSoftConfig config) {
        var aws = env.aws().clients();
        TenantKeys keys = TenantKeys.forContainer(aws.dynamo(), aws.kms(), env.app("ControlFunction").settings(), clock);
        return HubSoft.create(config, aws.dynamo(), aws.secrets(), SecretNames.DEFAULT, keys, sharedTable(), http, clock, metrics,
                settlingSleeper(), InstanceId.of("container-" + containers.incrementAndGet()));
    }

    /**
     * A pause of simulated time that first gives requests already on their way a moment of real time to reach the
     * simulator. The clock is shared by the concurrent "Lambdas" of a test: without that moment, one container's
     * pause can move the clock on while another's request (its token taken earlier) is still in flight, and the
     * simulator then dates that request seconds later than it was granted, which no real network delay would do.
     */
    private io.cadencia.retry.Sleeper settlingSleeper() {
        SimulatedSleeper simulated = new SimulatedSleeper(clock);
        return pause -> {
            Thread.sleep(Math.max(1, pause.toMillis() / 200));
            simulated.sleep(pause);
        };
    }

    String sharedTable() {
        return env.app("ControlFunction").config().sharedTable();
    }

    String workTable() {
        return env.app("ControlFunction").config().workTable();
    }

    @Override
    public void close() {
        sim.close();
        env.close();
    }
}
