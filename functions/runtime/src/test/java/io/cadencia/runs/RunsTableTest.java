package io.cadencia.runs;

import io.cadencia.aws.Attr;
import io.cadencia.dispatch.RunId;
import io.cadencia.dispatch.Tick;
import io.cadencia.dispatch.Trigger;
import io.cadencia.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The runs table's keys are stored data: these are the formats deployed tables hold. */
class RunsTableTest {

    static final Instant T = Instant.parse("2026-11-23T13:00:00Z");
    static final RunsTable TABLE = new RunsTable("RunsTable");
    static final RunId RUN = new RunId("report_manha", TenantId.of("a"), T, Trigger.SCHEDULE);

    @Test
    void tickClaimKeys() {
        assertThat(TABLE.tickClaim(Tick.scheduled("report_manha", T)).key())
                .isEqualTo(Attr.key("_dispatch#report_manha", "2026-11-23T13:00:00Z"));
        assertThat(TABLE.tickClaim(Tick.manual("report_manha", T, Optional.empty())).key())
                .isEqualTo(Attr.key("_dispatch#report_manha", "2026-11-23T13:00:00Z#manual"));
        assertThat(TABLE.tickClaim(Tick.manual("report_manha", T, Optional.of(TenantId.of("a")))).key())
                .isEqualTo(Attr.key("_dispatch#report_manha", "2026-11-23T13:00:00Z#manual#a"));
        assertThat(RunsTable.byJobIndex(Tick.scheduled("report_manha", T)))
                .containsEntry("jobPk", Attr.s("report_manha#" + shard("_dispatch"))).containsEntry("jobSk", Attr.s("2026-11-23T13:00:00Z#_dispatch"));
    }

    @Test
    void runClaimKeys() {
        assertThat(TABLE.runClaim(RUN).key()).isEqualTo(Attr.key("a", "RUN#2026-11-23T13:00:00Z#report_manha"));
        assertThat(TABLE.runClaim(new RunId(RUN.job(), RUN.tenant(), T, Trigger.MANUAL)).key())
                .isEqualTo(Attr.key("a", "RUN#2026-11-23T13:00:00Z#report_manha#manual"));
        assertThat(RunsTable.byJobIndex(RUN))
                .containsEntry("jobPk", Attr.s("report_manha#" + shard("a"))).containsEntry("jobSk", Attr.s("2026-11-23T13:00:00Z#a"));
    }

    /** Fixed values: the shard of a stored record must never change between versions. */
    static String shard(String spreadBy) {
        return switch (spreadBy) {
            case "_dispatch" -> "09";
            case "a" -> "01";
            default -> throw new IllegalArgumentException(spreadBy);
        };
    }

    @Test
    void aJobsRunsSpreadOverEveryShardAndReadersAskEachAndTheKeyBeforeShards() {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            used.add(RunsTable.byJobIndex(new RunId("report_manha", TenantId.of("tenant-" + i), T, Trigger.SCHEDULE)).get("jobPk").s());
        }
        List<String> asked = TABLE.byJob("report_manha", 10).stream().map(q -> q.expressionAttributeValues().get(":j").s()).toList();
        assertThat(used).hasSize(RunsTable.BY_JOB_SHARDS);
        assertThat(asked).containsAll(used).contains("report_manha").hasSize(RunsTable.BY_JOB_SHARDS + 1);
    }

    /** What SQS deduplicates as one message the ledger claims as one run, and the other way round. */
    @Test
    void theRunKeyAndTheDeduplicationIdDistinguishTheSameRuns() {
        List<RunId> runs = List.of(RUN,
                new RunId("report_tarde", RUN.tenant(), T, Trigger.SCHEDULE),
                new RunId(RUN.job(), TenantId.of("b"), T, Trigger.SCHEDULE),
                new RunId(RUN.job(), RUN.tenant(), T.plusSeconds(1), Trigger.SCHEDULE),
                new RunId(RUN.job(), RUN.tenant(), T.plusMillis(300), Trigger.SCHEDULE),
                new RunId(RUN.job(), RUN.tenant(), T, Trigger.MANUAL));
        for (RunId x : runs) {
            for (RunId y : runs) {
                assertThat(TABLE.runClaim(x).key().equals(TABLE.runClaim(y).key()))
                        .as(x + " vs " + y).isEqualTo(x.deduplicationId().equals(y.deduplicationId()));
            }
        }
    }
}
