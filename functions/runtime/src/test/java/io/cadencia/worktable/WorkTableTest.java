package io.cadencia.worktable;

import io.cadencia.worktable.WorkTable.Due;
import io.cadencia.worktable.WorkTable.DueKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The key formats are stored data: a change here strands every item already written, so each is pinned. */
class WorkTableTest {

    private static final Instant AT = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void sortKeysKeepTheirStoredFormat() {
        assertThat(WorkTable.cycle("c1")).isEqualTo("CYCLE#c1");
        assertThat(WorkTable.billingId("fat-1")).isEqualTo("BILLING#fat-1");
        assertThat(WorkTable.contact("+5511987654321")).isEqualTo("CONTACT#+5511987654321");
        assertThat(WorkTable.message("c1", "D-3")).isEqualTo("MSG#c1#D-3").startsWith(WorkTable.messagesOf("c1")).startsWith(WorkTable.MESSAGES);
        assertThat(WorkTable.template("D0")).isEqualTo("TEMPLATE#D0").startsWith(WorkTable.TEMPLATES);
        assertThat(WorkTable.ROTATION_COUNTER).isEqualTo("COUNTER#rotation");
        assertThat(WorkTable.hubsoftClient("12345678909")).isEqualTo("HUBSOFT_CLIENT#12345678909");
        assertThat(WorkTable.hubsoftClientDocument(WorkTable.hubsoftClient("12345678909"))).isEqualTo("12345678909");
        assertThat(WorkTable.ticket(42)).isEqualTo("TICKET#42");
        assertThat(WorkTable.ticketId(WorkTable.ticket(42))).isEqualTo(42);
    }

    @Test
    void duePartitionsAllBeginWithTheTenant() {
        assertThat(Due.PENDING.at("t1", AT, "c1#D0")).isEqualTo(new DueKey("t1", "2026-12-05T12:00:00.000Z#c1#D0"));
        assertThat(Due.SENDING.partition("t1")).isEqualTo("t1#sending");
        assertThat(Due.UNCONFIRMED.partition("t1")).isEqualTo("t1#unconfirmed");
        assertThat(Due.PAUSED.of("t1", "12345678909", "c1#D0")).isEqualTo(new DueKey("t1#paused", "12345678909#c1#D0"));
        assertThat(Due.OPTED_OUT.of("t1", "+5511987654321", "c1#D0").dueSk()).startsWith(Due.groupOf("+5511987654321"));
    }

    @Test
    void timeBoundsTakeInExactlyTheEntriesAtOrBeforeTheirInstant() {
        String atTheInstant = Due.PENDING.at("t1", AT, "zz#D+30").dueSk();
        String aMilliLater = Due.PENDING.at("t1", AT.plusMillis(1), "a#D0").dueSk();
        assertThat(atTheInstant).isLessThanOrEqualTo(Due.upTo(AT));
        assertThat(aMilliLater).isGreaterThan(Due.upTo(AT));
        assertThat(atTheInstant).isGreaterThan(Due.before(AT));
        assertThat(Due.PENDING.at("t1", AT.minusMillis(1), "zz#D0").dueSk()).isLessThanOrEqualTo(Due.before(AT));
        assertThat(aMilliLater).isLessThanOrEqualTo(Due.upToAll());
    }

    @Test
    void sortableInstantsAreFixedWidthSoTheyOrderAsTheyCompare() {
        assertThat(WorkTable.sortable(AT)).isEqualTo("2026-12-05T12:00:00.000Z");
        assertThat(WorkTable.sortable(AT.plusMillis(10))).isGreaterThan(WorkTable.sortable(AT));
        assertThat(WorkTable.parseSortable(WorkTable.sortable(AT.plusMillis(7)))).isEqualTo(AT.plusMillis(7));
    }
}
