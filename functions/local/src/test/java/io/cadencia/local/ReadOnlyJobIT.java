package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Attr;
import io.cadencia.catalogue.Effects;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.SqsWorkQueue;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.RunRecord;
import io.cadencia.work.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verificar_whatsapp ({@code "effects": "none"}) through the dispatcher, ElasticMQ and the real worker on DynamoDB
 * Local: its runs write no claim, only the execution record, and a second delivery of the same run (SQS delivers at
 * least once) may check again but leaves one record for the tick.
 */
class ReadOnlyJobIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T12:05:00Z"), Cadencia.ZONE);
    static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        env.seedTenants(2);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void aHealthCheckDeliveredTwiceIsRecordedOncePerTickWithoutAClaim() {
        Job job = env.catalogue().require("verificar_whatsapp");
        assertThat(job.effects()).isEqualTo(Effects.NONE);
        Instant tick = clock.instant();

        env.tick(job, tick);
        env.drain(job.category());
        WorkMessage again = new WorkMessage(job.name(), job.category(), TenantId.of("tenant-01"), tick, job.endpoint(), Trigger.SCHEDULE);
        String queue = env.deployment().functionFor("WorkerHandler", job.category()).config().queueUrl(job.category());
        env.aws().clients().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(SqsWorkQueue.toJson(again))
                .messageGroupId("tenant-01").messageDeduplicationId("redelivery-of-" + again.runId().deduplicationId()));
        env.drain(job.category());

        // verificar_whatsapp is built in (it reads the tenant's Evolution instance state); the second delivery checks
        // again, which is harmless for a read-only job, and leaves no second record.
        assertThat(env.tenantApp().duplicateEffects()).as("a repeated check is no duplicate effect").isZero();
        List<RunRecord> records = env.app("ControlFunction").runs().byTenant("tenant-01", 10).stream()
                .filter(r -> r.job().equals(job.name())).toList();
        assertThat(records).as("one execution record for the tick").hasSize(1);
        assertThat(records.getFirst().result()).isEqualTo(RunStatus.SUCCEEDED.wire());
        assertThat(runItem("tenant-01", tick, job.name())).as("written by the record alone: no lease, version or attempts of a claim")
                .doesNotContainKeys("leaseOwner", "leaseUntil", "version", "attempts")
                .containsEntry("status", Attr.s(RunStatus.DONE.wire()));
    }

    @Test
    void aJobWithEffectsIsStillClaimed() {
        Job job = env.catalogue().require("verificar_alertas");
        Instant tick = Instant.parse("2026-11-24T12:30:00Z");
        clock.set(tick);

        env.tick(job, tick);
        env.drain(job.category());

        assertThat(runItem("tenant-02", tick, job.name())).as("claimed, then finished by the lease owner")
                .containsKeys("version", "attempts").containsEntry("status", Attr.s(RunStatus.DONE.wire()));
    }

    /** The tenant's run item as stored in the runs table (keys: RunsTable). */
    static Map<String, AttributeValue> runItem(String tenant, Instant scheduled, String job) {
        Cadencia control = env.app("ControlFunction");
        return control.aws().dynamo().getItem(b -> b.tableName(control.settings().tables().runs())
                .key(Map.of("pk", Attr.s(tenant), "sk", Attr.s("RUN#" + scheduled + "#" + job)))).item();
    }
}
