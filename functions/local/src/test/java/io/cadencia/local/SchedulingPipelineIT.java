package io.cadencia.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.lambda.ControlHandler;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.SqsWorkQueue;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import io.cadencia.lambda.WorkerHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduling pipeline through the real handlers and SDK clients, on DynamoDB Local, ElasticMQ and the Secrets Manager fake. */
class SchedulingPipelineIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T09:00:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(4);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static Job job(String name) {
        return env.catalogue().require(name);
    }

    static List<TenantApp.Call> callsOf(String job, Instant at) {
        return env.tenantApp().calls().stream().filter(c -> job.equals(c.job()) && at.toString().equals(c.scheduledTime())).toList();
    }

    @Test
    void aTickDeliveredTwiceDispatchesOnceAndEachTenantRunsOnce() throws Exception {
        Job job = job("processar_handoffs");
        Instant at = Instant.parse("2026-11-24T10:15:00Z");
        clock.set(at);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, Object>>> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            deliveries.add(pool.submit(() -> {
                go.await();
                return env.tick(job, at);
            }));
        }
        go.countDown();
        List<Object> statuses = new ArrayList<>();
        for (Future<Map<String, Object>> f : deliveries) {
            statuses.add(f.get().get("status"));
        }
        pool.shutdown();
        env.drain(job.category());

        assertThat(statuses).filteredOn("DISPATCHED"::equals).hasSize(1);
        assertThat(statuses).filteredOn("DUPLICATE"::equals).hasSize(3);
        assertThat(callsOf(job.name(), at)).hasSize(4)
                .extracting(TenantApp.Call::tenantId).doesNotHaveDuplicates();
    }

    @Test
    void eightConcurrentWorkersOverTheSameMessagesProduceEveryEffectExactlyOnce() throws Exception {
        Instant at = Instant.parse("2026-11-24T11:00:00Z");
        clock.set(at);
        List<String> jobs = List.of("sincronizar_briefing", "report_manha", "processar_grupos", "verificar_alertas_grupos", "processar_retomadas");
        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
        int n = 0;
        for (String name : jobs) {
            for (int t = 1; t <= 4; t++) {
                Job job = job(name);
                WorkMessage work = new WorkMessage(job.name(), job.category(), TenantId.of(String.format("tenant-%02d", t)), at, job.endpoint(), Trigger.SCHEDULE);
                SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
                m.setMessageId("m-" + n++);
                m.setBody(SqsWorkQueue.toJson(work));
                m.setAttributes(Map.of("MessageGroupId", work.tenantId()));
                batch.add(m);
            }
        }
        // Eight containers (each its own composition root, lease owner and HTTP client) get every message at once.
        List<WorkerHandler> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(new WorkerHandler(new Cadencia(env.deployment().function("ReportWorkerFunction").config().env().entrySet().stream()
                    .filter(e -> !e.getKey().equals("CATEGORY")).collect(Collectors.collectingAndThen(
                            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue), io.cadencia.config.RuntimeConfig::new)),
                    env.aws().clients(), clock, env.metrics(), "container-" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SQSBatchResponse>> results = new ArrayList<>();
        for (WorkerHandler worker : workers) {
            results.add(pool.submit(() -> {
                go.await();
                SQSEvent event = new SQSEvent();
                event.setRecords(batch);
                return worker.handleRequest(event, env.context("ReportWorkerFunction"));
            }));
        }
        go.countDown();
        for (Future<SQSBatchResponse> f : results) {
            f.get();
        }
        pool.shutdown();

        for (String name : jobs) {
            assertThat(callsOf(name, at)).as(name).hasSize(4).extracting(TenantApp.Call::tenantId).doesNotHaveDuplicates();
        }
        assertThat(env.tenantApp().duplicateEffects()).isZero();
        for (int t = 1; t <= 4; t++) {
            List<RunRecord> runs = env.app("ControlFunction").runs().byTenant(String.format("tenant-%02d", t), 100).stream()
                    .filter(r -> at.equals(r.scheduledTime())).toList();
            assertThat(runs).hasSize(jobs.size()).allMatch(r -> RunStatus.SUCCEEDED.is(r.result()));
        }
    }

    @Test
    void anExpiredLeaseIsReclaimedAndTheRunHappensOnce() {
        Job job = job("report_tarde");
        Instant at = Instant.parse("2026-11-24T20:00:00Z");
        clock.set(at);
        // A worker claimed tenant-02's run and died before finishing.
        Claim crashed = env.app("ControlFunction").runs().claim(new RunId(job.name(), TenantId.of("tenant-02"), at, Trigger.SCHEDULE),
                job.category(), "crashed-worker", at, Duration.ofMinutes(5));
        assertThat(crashed).isInstanceOf(Claim.Claimed.class);

        env.tick(job, at);
        LocalEnvironment.DrainResult whileHeld = drainOnce(job.category());
        assertThat(whileHeld.failures()).as("the held run is handed back for redelivery").isEqualTo(1);
        assertThat(callsOf(job.name(), at)).extracting(TenantApp.Call::tenantId).doesNotContain("tenant-02");

        clock.advance(Duration.ofMinutes(6));
        env.drain(job.category());
        assertThat(callsOf(job.name(), at)).extracting(TenantApp.Call::tenantId)
                .containsExactlyInAnyOrder("tenant-01", "tenant-02", "tenant-03", "tenant-04");
    }

    /** One receive-invoke-acknowledge round, so a test can look between redeliveries. */
    static LocalEnvironment.DrainResult drainOnce(String category) {
        String url = env.deployment().functionFor("WorkerHandler", category).config().queueUrl(category);
        List<Message> received = env.aws().clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : received) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setBody(m.body());
            Map<String, String> attributes = new LinkedHashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            r.setAttributes(attributes);
            records.add(r);
        }
        event.setRecords(records);
        WorkerHandler worker = (WorkerHandler) env.handler(env.deployment().functionFor("WorkerHandler", category).logicalId());
        SQSBatchResponse response = worker.handleRequest(event, env.context("ReportWorkerFunction"));
        for (Message m : received) {
            boolean failed = response.getBatchItemFailures().stream().anyMatch(f -> f.getItemIdentifier().equals(m.messageId()));
            if (failed) {
                env.aws().clients().sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            } else {
                env.aws().clients().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return new LocalEnvironment.DrainResult(1, received.size(), response.getBatchItemFailures().size());
    }

    @Test
    void whenOneTenantFailsOnlyThatTenantsGroupIsReportedAndTheOthersAreAcknowledged() {
        Job job = job("report_fim_dia");
        Instant first = Instant.parse("2026-11-24T23:00:00Z");
        Instant second = Instant.parse("2026-11-25T23:00:00Z");
        clock.set(first);
        env.app("ControlFunction").runs().claim(new RunId(job.name(), TenantId.of("tenant-03"), first, Trigger.MANUAL),
                job.category(), "someone-else", first, Duration.ofMinutes(30));
        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
        String[][] plan = {{"tenant-03", first.toString()}, {"tenant-01", first.toString()}, {"tenant-03", second.toString()}, {"tenant-02", first.toString()}};
        for (int i = 0; i < plan.length; i++) {
            WorkMessage work = new WorkMessage(job.name(), job.category(), TenantId.of(plan[i][0]), Instant.parse(plan[i][1]), job.endpoint(), Trigger.MANUAL);
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("g-" + i);
            m.setBody(SqsWorkQueue.toJson(work));
            m.setAttributes(Map.of("MessageGroupId", work.tenantId()));
            batch.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(batch);
        WorkerHandler worker = (WorkerHandler) env.handler("ReportWorkerFunction");

        SQSBatchResponse response = worker.handleRequest(event, env.context("ReportWorkerFunction"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("g-0", "g-2");
        assertThat(callsOf(job.name(), first)).extracting(TenantApp.Call::tenantId).containsExactlyInAnyOrder("tenant-01", "tenant-02");
        assertThat(callsOf(job.name(), second)).as("tenant-03's later message waits to keep its order").isEmpty();
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterQueueWithItsReasonAndNothingElseIsLost() {
        Job job = job("processar_confirmacao_plantao");
        Instant at = Instant.parse("2026-11-24T15:00:00Z");
        clock.set(at);
        String url = env.deployment().functionFor("WorkerHandler", job.category()).config().queueUrl(job.category());
        String dlq = env.deployment().functionFor("WorkerHandler", job.category()).config().deadLetterUrl(job.category());
        env.tick(job, at);
        env.aws().clients().sqs().sendMessage(b -> b.queueUrl(url).messageGroupId("tenant-01").messageDeduplicationId("bad-1")
                .messageBody("{\"job\":\"processar_confirmacao_plantao\",\"category\":\"confirmacao\",\"tenantId\":\"tenant-01\",\"scheduledTime\":\"yesterday\"}"));
        env.aws().clients().sqs().sendMessage(b -> b.queueUrl(url).messageGroupId("tenant-02").messageDeduplicationId("bad-2")
                .messageBody("not json at all"));
        env.aws().clients().sqs().sendMessage(b -> b.queueUrl(url).messageGroupId("tenant-03").messageDeduplicationId("bad-3")
                .messageBody("{\"job\":\"no_such_job\",\"category\":\"confirmacao\",\"tenantId\":\"tenant-03\",\"scheduledTime\":\"2026-11-24T15:00:00Z\"}"));

        env.drain(job.category());

        assertThat(callsOf(job.name(), at)).hasSize(4);
        List<Message> dead = env.aws().clients().sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(m -> m.messageAttributes().get("error").stringValue()).containsExactlyInAnyOrder(
                "field 'scheduledTime' value 'yesterday' is not an ISO-8601 instant",
                "body is not JSON: not json at all",
                "unknown job 'no_such_job'; known: " + String.join(", ", new java.util.TreeSet<>(env.catalogue().jobs().stream().map(Job::name).toList())));
        assertThat(env.depth(url)).isZero();
    }

    @Test
    void pausedJobAndPausedCategoryDispatchNothingUntilResumed() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        Job job = job("processar_campanhas_tarde");
        Instant at = Instant.parse("2026-11-24T17:00:00Z");
        clock.set(at);

        control.handleRequest(Map.of("action", "pause", "job", job.name(), "reason", "test"), null);
        assertThat(env.tick(job, at)).containsEntry("status", "PAUSED").containsEntry("messages", 0);
        Map<String, Object> status = control.handleRequest(Map.of("action", "status", "job", job.name()), null);
        assertThat(status.toString()).contains("paused=true").contains("pausedBy=job processar_campanhas_tarde is paused");

        control.handleRequest(Map.of("action", "resume", "job", job.name()), null);
        control.handleRequest(Map.of("action", "pause", "category", "campanha"), null);
        Instant next = at.plus(Duration.ofDays(1));
        assertThat(env.tick(job, next)).containsEntry("status", "PAUSED");

        control.handleRequest(Map.of("action", "resume", "category", "campanha"), null);
        Instant third = next.plus(Duration.ofDays(1));
        assertThat(env.tick(job, third)).containsEntry("status", "DISPATCHED").containsEntry("messages", 4);
        env.drain(job.category());
        assertThat(callsOf(job.name(), at)).isEmpty();
        assertThat(callsOf(job.name(), third)).hasSize(4);
    }

    @Test
    void runNowForOneTenantAndClearErrorsForUnknownNames() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        clock.set(Instant.parse("2026-11-24T18:30:12Z"));
        Map<String, Object> result = control.handleRequest(Map.of("action", "run-now", "job", "report_semanal", "tenant", "tenant-04"), null);
        assertThat(result).containsEntry("status", "DISPATCHED").containsEntry("messages", 1);
        env.drain("report");
        assertThat(env.tenantApp().calls()).anyMatch(c -> c.job().equals("report_semanal") && c.tenantId().equals("tenant-04")
                && c.trigger().equals("manual"));

        assertThatThrownBy(() -> control.handleRequest(Map.of("action", "run-now", "job", "report_semanal", "tenant", "tenant-99"), null))
                .hasMessageContaining("unknown tenant 'tenant-99'");
        assertThatThrownBy(() -> control.handleRequest(Map.of("action", "pause", "job", "nope"), null))
                .hasMessageContaining("unknown job 'nope'");
        assertThatThrownBy(() -> control.handleRequest(Map.of("action", "pause", "category", "nope"), null))
                .hasMessageContaining("unknown category 'nope'");
        assertThatThrownBy(() -> control.handleRequest(Map.of("action", "reboot"), null))
                .hasMessageContaining("unknown action 'reboot'").hasMessageContaining("run-now");
    }

    @Test
    void aRunNowInTheSameSecondAsTheScheduledTickRunsForEveryTenantToo() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        Job job = job("processar_grupos");
        Instant at = Instant.parse("2026-11-24T21:15:00Z");
        clock.set(at);
        assertThat(env.tick(job, at)).containsEntry("status", "DISPATCHED").containsEntry("messages", 4);
        assertThat(control.handleRequest(Map.of("action", "run-now", "job", job.name()), null))
                .containsEntry("scheduledTime", at.toString()).containsEntry("messages", 4);

        env.drain(job.category());

        for (String trigger : List.of("schedule", "manual")) {
            assertThat(callsOf(job.name(), at)).as(trigger).filteredOn(c -> trigger.equals(c.trigger()))
                    .extracting(TenantApp.Call::tenantId).containsExactlyInAnyOrder("tenant-01", "tenant-02", "tenant-03", "tenant-04");
        }
    }

    @Test
    void whenMovingAMalformedMessageToTheDeadLetterQueueFailsTheRestOfItsGroupWaits() {
        Job job = job("processar_retomadas");
        Instant at = Instant.parse("2026-11-25T11:00:00Z");
        clock.set(at);
        Map<String, String> variables = new LinkedHashMap<>(env.deployment().function("RetomadaWorkerFunction").config().env());
        variables.put("DLQ_URL_RETOMADA", env.aws().sqsEndpoint() + "/000000000000/NoSuchQueue.fifo");
        WorkerHandler worker = new WorkerHandler(new Cadencia(new io.cadencia.config.RuntimeConfig(variables),
                env.aws().clients(), clock, env.metrics(), "dlq-down"));
        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
        batch.add(record("r-0", "tenant-01", "not json at all"));
        batch.add(record("r-1", "tenant-01", SqsWorkQueue.toJson(new WorkMessage(job.name(), job.category(), TenantId.of("tenant-01"), at, job.endpoint(), Trigger.SCHEDULE))));
        batch.add(record("r-2", "tenant-02", SqsWorkQueue.toJson(new WorkMessage(job.name(), job.category(), TenantId.of("tenant-02"), at, job.endpoint(), Trigger.SCHEDULE))));
        SQSEvent event = new SQSEvent();
        event.setRecords(batch);

        SQSBatchResponse response = worker.handleRequest(event, env.context("RetomadaWorkerFunction"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("the malformed message comes back, and its group's later message must not overtake it")
                .containsExactly("r-0", "r-1");
        assertThat(callsOf(job.name(), at)).extracting(TenantApp.Call::tenantId).containsExactly("tenant-02");
    }

    static SQSEvent.SQSMessage record(String id, String group, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        m.setAttributes(Map.of("MessageGroupId", group));
        return m;
    }

    @Test
    void statusShowsWhyAndSinceWhenAJobOrItsCategoryIsPaused() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        Instant at = Instant.parse("2026-11-24T16:20:00Z");
        clock.set(at);
        control.handleRequest(Map.of("action", "pause", "job", "processar_handoffs", "reason", "tenant migration"), null);
        control.handleRequest(Map.of("action", "pause", "category", "sync", "reason", "HubSoft maintenance window"), null);
        try {
            assertThat(jobRow(control, "processar_handoffs")).containsEntry("paused", true)
                    .containsEntry("pauseReason", "tenant migration").containsEntry("pausedAt", "2026-11-24T13:20-03:00");
            assertThat(jobRow(control, "sincronizar_briefing")).containsEntry("paused", true)
                    .containsEntry("pausedBy", "category sync is paused: HubSoft maintenance window")
                    .containsEntry("pauseReason", "HubSoft maintenance window").containsEntry("pausedAt", "2026-11-24T13:20-03:00");
            assertThat(control.handleRequest(Map.of("action", "status", "category", "sync"), null).get("pausedCategories").toString())
                    .contains("HubSoft maintenance window");
        } finally {
            control.handleRequest(Map.of("action", "resume", "job", "processar_handoffs"), null);
            control.handleRequest(Map.of("action", "resume", "category", "sync"), null);
        }
        assertThat(jobRow(control, "processar_handoffs")).containsEntry("paused", false).doesNotContainKey("pauseReason");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jobRow(ControlHandler control, String job) {
        return ((List<Map<String, Object>>) control.handleRequest(Map.of("action", "status", "job", job), null).get("jobs")).get(0);
    }

    @Test
    void statusGivesLastRunAndADstCorrectNextRunInSaoPaulo() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        Job job = job("report_manha");
        Instant at = Instant.parse("2026-11-24T13:00:00Z");
        clock.set(at);
        env.tick(job, at);
        assertThat(control.handleRequest(Map.of("action", "status", "category", "report"), null).get("queues").toString())
                .isEqualTo("{report={waiting=4, inFlight=0, deadLettered=0}}");
        env.drain(job.category());
        clock.set(Instant.parse("2026-11-24T14:00:00Z"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) control.handleRequest(Map.of("action", "status", "job", job.name()), null).get("jobs");

        assertThat(control.handleRequest(Map.of("action", "status", "category", "report"), null).get("queues").toString())
                .isEqualTo("{report={waiting=0, inFlight=0, deadLettered=0}}");
        assertThat(jobs).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("lastRun", "2026-11-24T10:00-03:00").containsEntry("lastResult", "dispatched")
                    .containsEntry("nextRun", "2026-11-25T10:00-03:00").containsEntry("schedule", "cron(0 10 * * ? *)");
        });
    }

    @Test
    void aDispatcherEventWithoutAJobIsAClearError() {
        Object dispatcher = env.handler("ReportDispatcherFunction");
        assertThatThrownBy(() -> ((io.cadencia.lambda.DispatcherHandler) dispatcher).handleRequest(Map.of("category", "report"), null))
                .hasMessageContaining("field 'job' is required");
        assertThatThrownBy(() -> ((io.cadencia.lambda.DispatcherHandler) dispatcher).handleRequest(Map.of("job", "processar_grupos"), null))
                .hasMessageContaining("belongs to category 'grupos'").hasMessageContaining("serves 'report'");
        assertThatThrownBy(() -> ((io.cadencia.lambda.DispatcherHandler) dispatcher).handleRequest(Map.of("job", "report_manha", "scheduledTime", "10h"), null))
                .hasMessageContaining("field 'scheduledTime' value '10h'");
    }

    @Test
    void aSettingResolvesTenantThenGlobalThenDefaultAndShowsWhereItCameFrom() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        control.handleRequest(Map.of("action", "save-tenant", "tenant", "tenant-09", "name", "Nove",
                "endpointBaseUrl", env.tenantApp().baseUrlFor("tenant-09")), null);
        try {
            assertThat(control.handleRequest(Map.of("action", "tenant", "tenant", "tenant-09"), null).get("settings").toString())
                    .contains("horario_envio={value=09:00, source=default}");
            control.handleRequest(Map.of("action", "set-setting", "key", "horario_envio", "value", "08:30"), null);
            assertThat(env.app("ControlFunction").tenants().settingsOf(env.app("ControlFunction").tenants().find("tenant-09").orElseThrow())
                    .get("horario_envio")).isEqualTo("08:30");
            control.handleRequest(Map.of("action", "set-setting", "tenant", "tenant-09", "key", "horario_envio", "value", "10:15"), null);
            assertThat(control.handleRequest(Map.of("action", "tenant", "tenant", "tenant-09"), null).get("settings").toString())
                    .contains("horario_envio={value=10:15, source=tenant}");
            assertThatThrownBy(() -> control.handleRequest(Map.of("action", "set-setting", "key", "horario_envio", "value", "25:00"), null))
                    .hasMessageContaining("'25:00'");
            assertThatThrownBy(() -> control.handleRequest(Map.of("action", "save-tenant", "tenant", "bad#id"), null))
                    .hasMessageContaining("tenantId 'bad#id'");
        } finally {
            control.handleRequest(Map.of("action", "save-tenant", "tenant", "tenant-09", "active", false), null);
            env.app("ControlFunction").tenants().saveGlobalSetting("horario_envio", "09:00");
        }
    }

    @Test
    void workAlreadyQueuedWhenACategoryIsPausedDoesNotRunButRunNowDoes() {
        ControlHandler control = (ControlHandler) env.handler("ControlFunction");
        Job job = job("processar_followups_tarde");
        Instant at = Instant.parse("2026-11-24T19:00:00Z");
        clock.set(at);
        assertThat(env.tick(job, at)).containsEntry("status", "DISPATCHED");
        control.handleRequest(Map.of("action", "pause", "category", "followup"), null);
        try {
            env.drain(job.category());
            assertThat(callsOf(job.name(), at)).isEmpty();

            clock.set(at.plusSeconds(90));
            control.handleRequest(Map.of("action", "run-now", "job", job.name(), "tenant", "tenant-01"), null);
            env.drain(job.category());
            assertThat(env.tenantApp().calls()).anyMatch(c -> c.job().equals(job.name()) && c.tenantId().equals("tenant-01")
                    && c.trigger().equals("manual"));
        } finally {
            control.handleRequest(Map.of("action", "resume", "category", "followup"), null);
        }
    }
}
