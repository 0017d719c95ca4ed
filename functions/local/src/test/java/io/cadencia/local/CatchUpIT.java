package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Attr;
import io.cadencia.aws.AwsClients;
import io.cadencia.catalogue.CatchUp;
import io.cadencia.catalogue.Job;
import io.cadencia.lambda.ControlHandler;
import io.cadencia.lambda.DispatcherHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Missed ticks on DynamoDB Local and ElasticMQ through the real dispatcher and workers: a tick after an outage
 * catches up by its job's policy with one read of the runs table, and dispatchers racing over the same gap (separate
 * containers, duplicate and late deliveries) dispatch every tick once.
 */
class CatchUpIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:00:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;
    static String runsTable;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(2);
        runsTable = env.deployment().resolve("RunsTable");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    /** The job's endpoint calls, per tenant, as the scheduled times they ran for, in the order they ran. */
    static Map<String, List<Instant>> callsOf(Job job) {
        Map<String, List<Instant>> calls = new java.util.TreeMap<>();
        env.tenantApp().calls().stream().filter(c -> job.name().equals(c.job()))
                .forEach(c -> calls.computeIfAbsent(c.tenantId(), t -> new ArrayList<>()).add(Instant.parse(c.scheduledTime())));
        return calls;
    }

    static Map<String, AttributeValue> dispatchRecord(Job job, Instant at) {
        return env.aws().clients().dynamo().getItem(b -> b.tableName(runsTable)
                .key(Attr.key("_dispatch#" + job.name(), at.toString()))).item();
    }

    static List<Instant> hours(Instant from, int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(h -> from.plus(Duration.ofHours(h))).toList();
    }

    @Test
    void aTickAfterAnOutageCatchesUpByItsPolicyWithOneReadOfTheRunsTableAndStatusShowsIt() {
        Job job = env.catalogue().require("processar_confirmacao_plantao");
        assertThat(job.catchUp()).isEqualTo(new CatchUp(CatchUp.Policy.ALL, 6, Duration.ofHours(12)));
        Instant h0 = Instant.parse("2026-11-24T12:00:00Z");
        clock.set(h0);
        env.tick(job, h0);
        env.drain(job.category());

        DynamoCallRecorder recorder = new DynamoCallRecorder();
        DispatcherHandler container = env.dispatcherContainer(job, new AwsClients(recorder.client(env), env.aws().clients().sqs(),
                env.aws().clients().secrets(), env.aws().clients().kms()));
        Instant h9 = h0.plus(Duration.ofHours(9));
        clock.set(h9);
        Map<String, Object> response = env.tick(job, h9, container);

        assertThat(response).containsEntry("status", "DISPATCHED").containsEntry("missedTicks", 8).containsEntry("caughtUp", 6)
                .containsEntry("caughtUpMessages", 12);
        assertThat(response.get("caughtUpTicks")).isEqualTo(hours(h0, 3, 8).stream().map(Instant::toString).toList());
        List<QueryRequest> runsReads = recorder.calls().stream().filter(c -> c.request() instanceof QueryRequest q
                && runsTable.equals(q.tableName())).map(c -> (QueryRequest) c.request()).toList();
        assertThat(runsReads).as("the newest claimed tick: one query, never a scan").hasSize(1);
        assertThat(recorder.count("Scan")).isZero();

        env.drain(job.category());
        List<Instant> expected = new ArrayList<>(List.of(h0));
        expected.addAll(hours(h0, 3, 9));
        assertThat(callsOf(job)).as("each caught-up tick ran, in order, none coalesced into the tick after it")
                .containsEntry("tenant-01", expected).containsEntry("tenant-02", expected);
        assertThat(dispatchRecord(job, h9)).containsEntry("missedTicks", Attr.n(8)).containsEntry("caughtUp", Attr.n(6));
        assertThat(dispatchRecord(job, h0.plus(Duration.ofHours(5)))).containsEntry("detail", Attr.s("caught up by the tick at " + h9))
                .containsEntry("trigger", Attr.s("schedule"));
        assertThat(dispatchRecord(job, h0.plus(Duration.ofHours(1)))).as("older than the newest 6: skipped, never claimed").isEmpty();

        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) control.handleRequest(Map.of("action", "status", "job", job.name()), null)
                .get("jobs")).getFirst();
        assertThat(row).containsEntry("catchUp", "all (max 6, window PT12H)").containsEntry("missedTicks", 8L).containsEntry("caughtUp", 6L)
                .containsEntry("lastMissed", Map.of("tick", "2026-11-24T18:00-03:00", "missedTicks", 8, "caughtUp", 6));
    }

    @Test
    void dispatchersRacingOverTheSameGapWithDuplicateAndLateDeliveriesDispatchEveryTickOnce() throws Exception {
        Job job = env.catalogue().require("consolidar_metricas_grupos");
        assertThat(job.catchUp().policy()).isEqualTo(CatchUp.Policy.ALL);
        Instant day0 = Instant.parse("2026-11-25T04:00:00Z");
        clock.set(day0);
        env.tick(job, day0);
        Instant day6 = day0.plus(Duration.ofDays(6));
        clock.set(day6);

        // Six containers at once: four get the tick after the outage, two get late copies of ticks it is catching up.
        List<Instant> deliveries = List.of(day6, day6, day6, day6, day0.plus(Duration.ofDays(3)), day0.plus(Duration.ofDays(4)));
        ExecutorService pool = Executors.newFixedThreadPool(deliveries.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, Object>>> responses = new ArrayList<>();
        for (Instant at : deliveries) {
            DispatcherHandler container = env.dispatcherContainer(job, env.aws().clients());
            responses.add(pool.submit(() -> {
                go.await();
                return env.tick(job, at, container);
            }));
        }
        go.countDown();
        List<Object> statuses = new ArrayList<>();
        for (Future<Map<String, Object>> response : responses) {
            statuses.add(response.get().get("status"));
        }
        pool.shutdown();
        env.drain(job.category());

        assertThat(statuses.subList(0, 4)).as("the tick after the outage").containsExactlyInAnyOrder("DISPATCHED", "DUPLICATE", "DUPLICATE", "DUPLICATE");
        List<Instant> everyDay = IntStream.rangeClosed(0, 6).mapToObj(d -> day0.plus(Duration.ofDays(d))).toList();
        for (List<Instant> ran : callsOf(job).values()) {
            assertThat(ran).as("days 1 to 5 caught up, each once, whoever claimed it").containsExactlyInAnyOrderElementsOf(everyDay);
        }
        assertThat(callsOf(job)).hasSize(2);
        assertThat(env.tenantApp().duplicateEffects()).isZero();
    }
}
