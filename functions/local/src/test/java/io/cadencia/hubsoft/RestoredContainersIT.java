package io.cadencia.hubsoft;

import io.cadencia.app.Cadencia;
import io.cadencia.app.InstanceId;
import io.cadencia.app.SnapshotHooks;
import io.cadencia.local.hubsoft.SimulatedSleeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SnapStart resumes many containers from one snapshot: each starts with the heap of the one that was initialised,
 * its instance id included. Two composition roots built with the same id stand for two such copies; each runs its
 * after-restore hooks as Lambda's runtime would ({@link SnapshotHooks#afterRestore}), and from then on each leases
 * under an id of its own, so one copy cannot release the HubSoft token lease the other holds.
 */
class RestoredContainersIT {

    private static final String SNAPSHOT_ID = "lambda-0f4c2d3e-snapshot";
    private static final String DOCUMENT = "52998224725";

    static HubSoftHarness h;
    static final ExecutorService GROUPS = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() {
        h = new HubSoftHarness(1000);
        h.sim.addClient(DOCUMENT, "Maria Souza", "37988242968", "servico_habilitado");
    }

    @AfterAll
    static void stop() {
        h.close();
        GROUPS.shutdown();
    }

    @Test
    void copiesRestoredFromOneSnapshotDrawTheirOwnInstanceIds() throws Exception {
        Cadencia first = restoredCopy();
        Cadencia second = restoredCopy();

        assertThat(first.instanceId()).startsWith(SNAPSHOT_ID).isNotEqualTo(SNAPSHOT_ID).isNotEqualTo(second.instanceId());
        assertThat(second.instanceId()).startsWith(SNAPSHOT_ID).isNotEqualTo(SNAPSHOT_ID);
    }

    @Test
    void aCopyCannotReleaseTheTokenLeaseAnotherCopyHolds() throws Exception {
        String tenant = h.configuredTenant();
        Cadencia holder = restoredCopy();
        Cadencia other = restoredCopy();
        Map<String, AttributeValue> leaseKey = SharedTable.tokenLease(tenant);
        h.sim.setResponseDelay(Duration.ofMillis(1500));
        var pool = Executors.newSingleThreadExecutor();
        try {
            // The holder renews the tenant's token: it holds the lease while HubSoft takes its time to answer.
            CompletableFuture<?> renewal = CompletableFuture.runAsync(
                    () -> holder.hubsoft().client().clientInfo(tenant, DOCUMENT, Priority.HIGH), pool);
            await().atMost(Duration.ofSeconds(10)).until(() -> lease(leaseKey) != null);
            assertThat(lease(leaseKey).get("leaseOwner").s()).isEqualTo(holder.instanceId());

            new DynamoLease(h.env.aws().clients().dynamo(), h.sharedTable()).release(leaseKey, other.instanceId());

            assertThat(lease(leaseKey)).as("the holder's lease after the other copy's release").isNotNull();
            renewal.get();
        } finally {
            h.sim.setResponseDelay(Duration.ZERO);
            pool.shutdown();
        }
    }

    /** A composition root holding the snapshot's instance id, then restored. */
    private static Cadencia restoredCopy() throws Exception {
        Cadencia copy = new Cadencia(h.env.deployment().function("CriticoWorkerFunction").config(), h.env.aws().clients(), h.clock,
                h.metrics, InstanceId.of(SNAPSHOT_ID), new SimulatedSleeper(h.clock), GROUPS);
        SnapshotHooks hooks = new SnapshotHooks();
        hooks.addAll(copy.restorables());
        hooks.afterRestore(null);
        return copy;
    }

    private static Map<String, AttributeValue> lease(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = h.env.aws().clients().dynamo().getItem(b -> b.tableName(h.sharedTable()).key(key).consistentRead(true)).item();
        return item.isEmpty() ? null : item;
    }
}
