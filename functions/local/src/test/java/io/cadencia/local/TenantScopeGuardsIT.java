package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Attr;
import io.cadencia.tenant.TenantScope;
import io.cadencia.worktable.WorkTable;
import io.cadencia.worktable.WorkTable.Due;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ways the billing repositories reach the work table (index queries, batch reads, transactions) stay inside one tenant. */
class TenantScopeGuardsIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;
    static TenantScope a;
    static TenantScope b;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(2);
        Cadencia app = env.app("CriticoWorkerFunction");
        a = app.workOf("tenant-01");
        b = app.workOf("tenant-02");
        Map<String, AttributeValue> item = new HashMap<>(b.key(WorkTable.message("c1", "D0")));
        item.put(WorkTable.DUE_PK, Attr.s(Due.PENDING.partition("tenant-02")));
        item.put(WorkTable.DUE_SK, Attr.s(Due.PENDING.at("tenant-02", clock.instant(), "c1#D0").dueSk()));
        b.put(PutItemRequest.builder().item(item).build());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void anIndexQueryOfAnotherTenantsPartitionIsRefused() {
        for (String partition : List.of("tenant-02", Due.SENDING.partition("tenant-02"), "tenant-0")) {
            assertThatThrownBy(() -> a.query(dueQuery(partition)))
                    .isInstanceOf(TenantScope.TenantIsolationException.class).hasMessageContaining("outside tenant 'tenant-01'");
        }
        assertThat(b.query(dueQuery("tenant-02")).items()).hasSize(1);
    }

    @Test
    void aQueryWhoseKeyConditionDoesNotNameItsPartitionFirstIsRefused() {
        QueryRequest sneaky = QueryRequest.builder().indexName(WorkTable.DUE_INDEX)
                .keyConditionExpression("dueSk <= :max AND duePk = :other")
                .expressionAttributeValues(Map.of(":pk", Attr.s("tenant-01"), ":other", Attr.s("tenant-02"), ":max", Attr.s("~"))).build();
        assertThatThrownBy(() -> a.query(sneaky)).isInstanceOf(TenantScope.TenantIsolationException.class);
    }

    @Test
    void aBatchReadWithAnotherTenantsKeyIsRefused() {
        assertThatThrownBy(() -> a.getAll(List.of(a.key(WorkTable.contact("+5511900000001")), b.key(WorkTable.message("c1", "D0")))))
                .isInstanceOf(TenantScope.TenantIsolationException.class);
        assertThat(b.getAll(List.of(b.key(WorkTable.message("c1", "D0")), b.key(WorkTable.contact("+5511900000001"))))).hasSize(1);
    }

    @Test
    void aTransactionTouchingAnotherTenantWritesNothing() {
        TransactWriteItem own = TransactWriteItem.builder().put(Put.builder().item(a.key(WorkTable.cycle("mine"))).build()).build();
        TransactWriteItem theirs = TransactWriteItem.builder().put(Put.builder().item(b.key(WorkTable.cycle("theirs"))).build()).build();
        assertThatThrownBy(() -> a.transactWrite(List.of(own, theirs))).isInstanceOf(TenantScope.TenantIsolationException.class);
        assertThat(a.get(a.key(WorkTable.cycle("mine")))).isEmpty();
        assertThat(b.get(b.key(WorkTable.cycle("theirs")))).isEmpty();
    }

    private static QueryRequest dueQuery(String partition) {
        return QueryRequest.builder().indexName(WorkTable.DUE_INDEX).keyConditionExpression("duePk = :pk AND dueSk <= :max")
                .expressionAttributeValues(Map.of(":pk", Attr.s(partition), ":max", Attr.s(Due.upToAll()))).build();
    }
}
