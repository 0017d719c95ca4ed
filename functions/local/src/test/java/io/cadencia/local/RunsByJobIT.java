package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Attr;
import io.cadencia.catalogue.Job;
import io.cadencia.claim.Claim;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.Trigger;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.RunLedger;
import io.cadencia.work.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's runs are spread over the byJob index's shards (docs/capacity.md), and the by-job reader still sees every
 * record, newest first, as one partition would give them, records written before the shards included.
 */
class RunsByJobIT {

    static final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-23T13:00:00Z"), Cadencia.ZONE);
    static final int TENANTS = 40;
    static final List<Instant> TICKS = List.of(Instant.parse("2026-11-23T12:00:00Z"), Instant.parse("2026-11-23T14:00:00Z"),
            Instant.parse("2026-11-23T16:00:00Z"));
    static LocalEnvironment env;
    static Job job;
    static RunLedger runs;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.start(clock);
        job = env.catalogue().require("report_almoco");
        runs = env.app("ControlFunction").runs();
        for (Instant tick : TICKS) {
            clock.set(tick);
            // No tenant is seeded: the tick writes its dispatch record only.
            env.tick(job, tick);
            for (int t = 0; t < TENANTS; t++) {
                RunId run = new RunId(job.name(), TenantId.of("tenant-" + t), tick, Trigger.SCHEDULE);
                Claim.Claimed claim = (Claim.Claimed) runs.claim(run, job.category(), "worker", tick, Duration.ofMinutes(5));
                runs.finish(run, claim, new RunRecord(job.name(), job.category(), run.tenant().value(), tick, Trigger.SCHEDULE, tick,
                        tick.plusSeconds(1), "succeeded", 1, 1, 0, null));
            }
        }
        // A run recorded before the index was sharded: its index key is the bare job name.
        Map<String, AttributeValue> legacy = new HashMap<>(Attr.key("tenant-old", "RUN#2026-11-23T10:00:00Z#" + job.name()));
        legacy.putAll(Map.of("jobPk", Attr.s(job.name()), "jobSk", Attr.s("2026-11-23T10:00:00Z#tenant-old"), "kind", Attr.s("run"),
                "job", Attr.s(job.name()), "category", Attr.s(job.category()), "tenantId", Attr.s("tenant-old"),
                "scheduledTime", Attr.s("2026-11-23T10:00:00Z"), "trigger", Attr.s("schedule"), "status", Attr.s("succeeded")));
        env.aws().clients().dynamo().putItem(b -> b.tableName(env.deployment().resolve("RunsTable")).item(legacy));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void aJobsRunsAreWrittenUnderManyIndexKeys() {
        Set<String> keys = new HashSet<>();
        env.aws().clients().dynamo().scanPaginator(b -> b.tableName(env.deployment().resolve("RunsTable")).indexName("byJob"))
                .items().forEach(item -> keys.add(Attr.str(item, "jobPk")));
        assertThat(keys).as("one tick's 40 runs and its dispatch record under one key would be one hot partition").hasSizeGreaterThan(8)
                .allMatch(key -> key.equals(job.name()) || key.matches(job.name() + "#\\d\\d"));
    }

    @Test
    void theByJobReaderSeesEveryShardNewestFirst() {
        List<RunRecord> all = runs.byJob(job.name(), 1000);
        assertThat(all).hasSize(TICKS.size() * (TENANTS + 1) + 1);
        assertThat(all).filteredOn(r -> r.tenantId() == null).hasSize(TICKS.size());
        assertThat(all).extracting(RunRecord::tenantId).contains("tenant-old");
        assertThat(all).extracting(RunRecord::scheduledTime).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(all.get(all.size() - 1).tenantId()).isEqualTo("tenant-old");
        assertThat(all).filteredOn(r -> TICKS.get(2).equals(r.scheduledTime()) && r.tenantId() != null)
                .extracting(RunRecord::tenantId).hasSize(TENANTS).doesNotHaveDuplicates();
    }

    @Test
    void aLimitTakesTheNewestAcrossShards() {
        List<RunRecord> all = runs.byJob(job.name(), 1000);
        List<RunRecord> newest = runs.byJob(job.name(), 7);
        assertThat(newest).hasSize(7).allMatch(r -> TICKS.get(2).equals(r.scheduledTime()));
        assertThat(newest).isEqualTo(all.subList(0, 7));
    }
}
