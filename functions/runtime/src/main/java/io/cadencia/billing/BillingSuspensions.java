package io.cadencia.billing;

import io.cadencia.hubsoft.ClientInfo;
import io.cadencia.hubsoft.SuspendedClientsListener;
import io.cadencia.observability.MetricsSink;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The billing side of the HubSoft daily checkup: a customer whose HubSoft contract is suspended or cancelled gets no
 * reminders, but the cycle is not cancelled (the bill is still owed, and a suspension is often lifted once it is
 * paid), so their pending messages are paused; when a later checkup finds the client active they are pending
 * again, at the next time the tenant may send (the original send time if still ahead). As at ingest (edge case 12),
 * when several steps of one cycle became overdue while paused only the latest is resumed and the earlier ones are
 * cancelled as superseded, so the customer does not get "vence em 3 dias" and "venceu" at once. A message already
 * claimed for sending is not paused (that send is under way). Clients are matched by document (CPF/CNPJ without
 * formatting).
 */
public final class BillingSuspensions implements SuspendedClientsListener {

    private static final Logger LOG = LogManager.getLogger(BillingSuspensions.class);

    private final ReminderMessages messages;
    private final TenantDirectory tenants;
    private final MetricsSink metrics;
    private final Clock clock;

    public BillingSuspensions(ReminderMessages messages, TenantDirectory tenants, MetricsSink metrics, Clock clock) {
        this.messages = messages;
        this.tenants = tenants;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void suspendedOrCancelled(String tenantId, List<ClientInfo> clients) {
        Instant now = clock.instant();
        int paused = 0;
        for (ClientInfo client : clients) {
            String document = document(client);
            String reason = "HubSoft contract " + client.contractStatus().name().toLowerCase(Locale.ROOT);
            for (ReminderMessage message : messages.pendingOfDocument(tenantId, document)) {
                if (messages.pause(message, document, reason, now)) {
                    paused++;
                }
            }
        }
        if (paused > 0) {
            metrics.count("MessagesPaused", paused, Map.of());
            LOG.info("paused {} reminder messages of {} suspended or cancelled HubSoft clients", paused, clients.size());
        }
    }

    @Override
    public void active(String tenantId, List<ClientInfo> clients) {
        List<ReminderMessages.PausedMessage> paused = messages.paused(tenantId);
        if (paused.isEmpty()) {
            return;
        }
        Set<String> active = new HashSet<>();
        clients.forEach(c -> active.add(document(c)));
        Tenant tenant = tenants.find(tenantId).orElseThrow(() -> new IllegalStateException("tenant '" + tenantId + "' does not exist"));
        BillingConfig config = BillingConfig.scheduling(tenants.settingsOf(tenant));
        Instant now = clock.instant();
        Map<String, ReminderMessage> latestOverdue = new HashMap<>();
        for (ReminderMessages.PausedMessage p : paused) {
            ReminderMessage m = p.message();
            if (active.contains(p.document()) && !m.sendAt().isAfter(now)) {
                latestOverdue.merge(m.cycleId(), m, (a, b) -> a.sendAt().isAfter(b.sendAt()) ? a : b);
            }
        }
        int resumed = 0;
        for (ReminderMessages.PausedMessage p : paused) {
            ReminderMessage m = p.message();
            if (!active.contains(p.document())) {
                continue;
            }
            boolean overdue = !m.sendAt().isAfter(now);
            if (overdue && !latestOverdue.get(m.cycleId()).equals(m)) {
                messages.cancel(m, "superseded while paused");
                continue;
            }
            Instant from = overdue ? now : m.sendAt();
            if (messages.resume(m, config.maySendAt(from) ? from : config.nextOpening(from))) {
                resumed++;
            }
        }
        if (resumed > 0) {
            metrics.count("MessagesResumed", resumed, Map.of());
            LOG.info("resumed {} paused reminder messages of HubSoft clients active again", resumed);
        }
    }

    /** HubSoft may format the document; billing stores it unformatted (alphanumeric CNPJ letters upper-case). */
    private static String document(ClientInfo client) {
        return client.document() == null ? "" : client.document().replaceAll("[^0-9A-Za-z]", "").toUpperCase(Locale.ROOT);
    }
}
