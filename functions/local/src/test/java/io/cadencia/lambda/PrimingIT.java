package io.cadencia.lambda;

import io.cadencia.app.Cadencia;
import io.cadencia.app.SnapshotHooks;
import io.cadencia.local.LocalEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each function runs before its SnapStart snapshot, on a stack holding real data: every handler's synthetic
 * request completes, and nothing in any table, queue or secret changes, nor any metric of the real root.
 */
class PrimingIT {

    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(Clock.system(Cadencia.ZONE));
        env.seedTenants(3);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void everyHandlersPrimingLeavesTheDataAsItWas() throws Exception {
        Map<String, Consumer<Cadencia>> functions = new LinkedHashMap<>();
        functions.put("CriticoDispatcherFunction", PrimingRequests::dispatcher);
        // A scheduled job that is not due-driven: its tick is claimed and recorded, which the priming root must absorb.
        functions.put("CampanhaDispatcherFunction", PrimingRequests::dispatcher);
        functions.put("CriticoWorkerFunction", PrimingRequests::worker);
        functions.put("ControlFunction", PrimingRequests::control);
        functions.put("BillingIngestFunction", PrimingRequests::ingest);
        Map<String, Object> before = everything();
        Map<String, Double> metricsBefore = env.metrics().snapshot();

        for (var function : functions.entrySet()) {
            Cadencia app = env.app(function.getKey());
            SnapshotHooks hooks = new SnapshotHooks();
            hooks.addAll(app.restorables());
            hooks.add(io.cadencia.app.Restorable.beforeSnapshot(() -> PrimingRequests.run(app.primingRoot(), function.getValue())));
            hooks.beforeCheckpoint(null);
        }

        assertThat(everything()).isEqualTo(before);
        assertThat(env.metrics().snapshot()).isEqualTo(metricsBefore);
    }

    /** Every item of every table, every queue's depth, every secret's name. */
    private static Map<String, Object> everything() {
        var aws = env.aws().clients();
        Map<String, Object> all = new LinkedHashMap<>();
        for (String table : aws.dynamo().listTables().tableNames()) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            aws.dynamo().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
            all.put(table, items);
        }
        for (String queue : aws.sqs().listQueues().queueUrls()) {
            all.put(queue, env.depth(queue));
        }
        all.put("secrets", aws.secrets().listSecrets().secretList().stream().map(s -> s.name()).sorted().toList());
        return all;
    }
}
