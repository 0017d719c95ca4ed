package io.cadencia.worktable;

import io.cadencia.alerts.Alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The schema of the work table (template {@code WorkTable}, env {@code WORK_TABLE}): every key written there is
 * built here and nowhere else, as db-scheduler's {@code JdbcTaskRepository} and {@code Queries} own one table. Every
 * item lives under {@code pk=<tenantId>}, and every partition of the sparse index {@value #DUE_INDEX} is the tenant
 * id or begins with {@code <tenantId>#}, so each is reached through the tenant's
 * {@link io.cadencia.tenant.TenantScope} and no query can cross tenants.
 *
 * <pre>
 * sk                              item
 * CYCLE#&lt;cycleId&gt;                 a billing cycle
 * BILLING#&lt;externalBillingId&gt;     index row that makes an id unique among active cycles (edge case 1)
 * CONTACT#&lt;phone&gt;                 a customer by normalised phone, with the opt-out flag
 * MSG#&lt;cycleId&gt;#&lt;step&gt;            a reminder message
 * TEMPLATE#&lt;step&gt;                 the tenant's variations of a step's text
 * COUNTER#rotation                the tenant's rotation numbers (which variation a cycle gets)
 * HUBSOFT_CLIENT#&lt;document&gt;       a client the HubSoft daily checkup tracks besides the contacts' documents,
 *                                 or skips ({@code active=false})
 * TICKET#&lt;id_atendimento&gt;         a HubSoft ticket the sync tracks
 * ALERT#&lt;alert&gt;                   the tenant's incident of one of seed 002's alerts (open or resolved)
 * HEALTH#whatsapp                 the tenant's Evolution instance as verificar_whatsapp last saw it
 *
 * duePk                   dueSk                         which messages
 * &lt;tenantId&gt;              &lt;sendAt&gt;#&lt;messageId&gt;          pending, by send time
 * &lt;tenantId&gt;#sending      &lt;claimedAt&gt;#&lt;messageId&gt;       claimed, by claim time (stuck ones found without a scan)
 * &lt;tenantId&gt;#unconfirmed  &lt;checkAt&gt;#&lt;messageId&gt;         unconfirmed sends, by next check
 * &lt;tenantId&gt;#paused       &lt;document&gt;#&lt;messageId&gt;        paused while the HubSoft client is suspended
 * &lt;tenantId&gt;#opted-out    &lt;phone&gt;#&lt;messageId&gt;           cancelled by an opt-out, which an opt-in reactivates
 * </pre>
 *
 * <p>The item {@code WAKE#<job>} holds when a due-driven job must next wake the tenant. It is the one index entry
 * keyed across tenants: sparse index {@value #WAKE_INDEX}, {@code wakePk=<job>#<shard>},
 * {@code wakeSk=<wake time>#<tenantId>}, so the dispatcher finds the tenants due at a tick with one query per shard
 * and never a scan. It carries tenant ids only; reading a tenant's data still goes through its scope. A tenant-time
 * job's entry ({@code WAKE#<job>} too) holds the tenant's next local slot of that job: one index answers "which tenants
 * to wake for this job at this tick" for due work and for tenant time alike.
 */
public final class WorkTable {

    public static final String DUE_INDEX = "due";
    public static final String DUE_PK = "duePk";
    public static final String DUE_SK = "dueSk";

    public static final String WAKE_INDEX = "wake";
    public static final String WAKE_PK = "wakePk";
    public static final String WAKE_SK = "wakeSk";
    /** Spreads one job's wake entries over partitions, well below DynamoDB's per-partition write limit at 10,000 tenants. */
    public static final int WAKE_SHARDS = 4;
    private static final String WAKE = "WAKE#";

    public static final String ROTATION_COUNTER = "COUNTER#rotation";
    public static final String TEMPLATES = "TEMPLATE#";
    public static final String MESSAGES = "MSG#";
    public static final String HUBSOFT_CLIENTS = "HUBSOFT_CLIENT#";
    public static final String TICKETS = "TICKET#";
    public static final String ALERTS = "ALERT#";
    public static final String WHATSAPP_HEALTH = "HEALTH#whatsapp";
    private static final String CYCLE = "CYCLE#";
    private static final String BILLING = "BILLING#";
    public static final String CONTACTS = "CONTACT#";

    /** '~' sorts after every character of a due sort key, so a bound of "x~" takes in every key beginning with x. */
    private static final String AFTER = "~";
    /** Fixed width: Instant.toString drops zero fractions, which would break the sort keys' lexicographic order. */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WorkTable() {
    }

    public static String cycle(String cycleId) {
        return CYCLE + cycleId;
    }

    public static String billingId(String externalBillingId) {
        return BILLING + externalBillingId;
    }

    public static String contact(String phone) {
        return CONTACTS + phone;
    }

    public static String message(String cycleId, String step) {
        return MESSAGES + cycleId + "#" + step;
    }

    /** The prefix of every message of one cycle. */
    public static String messagesOf(String cycleId) {
        return MESSAGES + cycleId + "#";
    }

    public static String template(String step) {
        return TEMPLATES + step;
    }

    public static String hubsoftClient(String document) {
        return HUBSOFT_CLIENTS + document;
    }

    public static String hubsoftClientDocument(String sk) {
        return sk.substring(HUBSOFT_CLIENTS.length());
    }

    public static String ticket(long ticketId) {
        return TICKETS + ticketId;
    }

    public static long ticketId(String sk) {
        return Long.parseLong(sk.substring(TICKETS.length()));
    }

    /** The tenant's incident of {@code alert}. */
    public static String alert(Alert alert) {
        return ALERTS + alert.wire();
    }

    /** The tenant's wake entry for a due-driven job. */
    public static String wake(String job) {
        return WAKE + job;
    }

    /** The wake index partition of one shard of a job. */
    public static String wakePartition(String job, int shard) {
        return job + "#" + shard;
    }

    /** The wake index key of a tenant woken at {@code at} for a job. */
    public static DueKey wakeAt(String job, String tenantId, Instant at) {
        return new DueKey(wakePartition(job, Math.floorMod(tenantId.hashCode(), WAKE_SHARDS)), sortable(at) + "#" + tenantId);
    }

    /** The wake time of a wake index sort key ({@code <time>#<tenantId>}). */
    public static Instant wakeTime(String wakeSk) {
        return parseSortable(wakeSk.substring(0, wakeSk.indexOf('#')));
    }

    /** The instant as written in sort keys and in the attributes compared with them. */
    public static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    public static Instant parseSortable(String sortable) {
        return SORTABLE.parse(sortable, Instant::from);
    }

    /** A message's place in the due index. */
    public record DueKey(String duePk, String dueSk) {
    }

    /** The partitions of the due index, each one tenant's messages in one state. */
    public enum Due {
        PENDING(""), SENDING("#sending"), UNCONFIRMED("#unconfirmed"), PAUSED("#paused"), OPTED_OUT("#opted-out");

        private final String suffix;

        Due(String suffix) {
            this.suffix = suffix;
        }

        public String partition(String tenantId) {
            return tenantId + suffix;
        }

        /** Ordered by time: pending by send time, sending by claim time, unconfirmed by next check. */
        public DueKey at(String tenantId, Instant time, String messageId) {
            return new DueKey(partition(tenantId), sortable(time) + "#" + messageId);
        }

        /** Grouped by a value: paused by customer document, opted-out by phone. */
        public DueKey of(String tenantId, String value, String messageId) {
            return new DueKey(partition(tenantId), value + "#" + messageId);
        }

        /** The highest sort key of the entries ordered at or before {@code time}. */
        public static String upTo(Instant time) {
            return sortable(time) + AFTER;
        }

        /** The bound of the entries ordered strictly before {@code time}. */
        public static String before(Instant time) {
            return sortable(time);
        }

        /** The highest sort key of any entry. */
        public static String upToAll() {
            return AFTER;
        }

        /** The prefix of the entries grouped under {@code value}. */
        public static String groupOf(String value) {
            return value + "#";
        }
    }
}
