package io.cadencia.hubsoft;

import io.cadencia.aws.Attr;
import io.cadencia.observability.MetricsSink;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Daily checkup (seed 003 §6): the contract status of every client the tenant tracks, cache-first: the document of
 * every customer billing reminders know ({@link WorkTable#contact}, saved by ingest), and every client tracked on its
 * own ({@link WorkTable#hubsoftClient}), except those an operator marked {@code active=false} there. Ingest writes
 * no tracking item of its own: the contact it keeps anyway names the document, one write per new customer instead of
 * two per billing. Suspended and cancelled
 * clients are reported in the run's detail and metrics and handed to the {@link SuspendedClientsListener}, which
 * pauses their pending billing reminders; active clients are handed to it too, so paused reminders resume. Runs
 * only for tenants with HubSoft configured (see {@code BuiltInJobs}).
 */
public final class HubSoftDailyCheckup implements JobRunner {

    private final HubSoft hubsoft;
    private final Function<String, TenantScope> workOf;
    private final MetricsSink metrics;
    private final SuspendedClientsListener listener;

    public HubSoftDailyCheckup(HubSoft hubsoft, Function<String, TenantScope> workOf, MetricsSink metrics,
                               SuspendedClientsListener listener) {
        this.hubsoft = hubsoft;
        this.workOf = workOf;
        this.metrics = metrics;
        this.listener = listener;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        String tenantId = context.tenant().id();
        Set<String> tracked = new TreeSet<>();
        Set<String> excluded = new HashSet<>();
        TenantScope work = workOf.apply(tenantId);
        for (Map<String, AttributeValue> item : work.query(WorkTable.HUBSOFT_CLIENTS, Integer.MAX_VALUE)) {
            AttributeValue active = item.get("active");
            String document = WorkTable.hubsoftClientDocument(Attr.str(item, "sk"));
            (active == null || Boolean.TRUE.equals(active.bool()) ? tracked : excluded).add(document);
        }
        for (Map<String, AttributeValue> contact : work.query(WorkTable.CONTACTS, Integer.MAX_VALUE)) {
            Optional.ofNullable(Attr.str(contact, "document")).ifPresent(tracked::add);
        }
        tracked.removeAll(excluded);
        List<String> documents = new ArrayList<>(tracked);
        HubSoft.StatusRead read;
        try {
            read = hubsoft.contractStatuses(tenantId, documents, Priority.LOW);
        } catch (HubSoftException e) {
            return JobOutcome.failedPermanently("daily checkup of " + documents.size() + " clients failed: " + e.getMessage());
        }
        List<ClientInfo> flagged = new ArrayList<>();
        List<ClientInfo> active = new ArrayList<>();
        List<String> suspended = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        long stale = read.found().values().stream().filter(Cached::stale).count();
        read.found().forEach((document, cached) -> {
            ContractStatus status = cached.value().contractStatus();
            if (status == ContractStatus.SUSPENDED) {
                suspended.add(document);
                flagged.add(cached.value());
            } else if (status == ContractStatus.CANCELLED) {
                cancelled.add(document);
                flagged.add(cached.value());
            } else if (status == ContractStatus.ACTIVE) {
                active.add(cached.value());
            }
        });
        suspended.sort(null);
        cancelled.sort(null);
        if (!flagged.isEmpty()) {
            listener.suspendedOrCancelled(tenantId, flagged);
        }
        if (!active.isEmpty()) {
            listener.active(tenantId, active);
        }
        metrics.count("hubsoft.checkup.clients", documents.size(), Map.of());
        metrics.count("hubsoft.checkup.from_cache", read.fromCache(), Map.of());
        metrics.count("hubsoft.checkup.requests", read.hubsoftRequests(), Map.of());
        metrics.count("hubsoft.checkup.suspended", suspended.size(), Map.of());
        metrics.count("hubsoft.checkup.cancelled", cancelled.size(), Map.of());
        return JobOutcome.ok(documents.size(), "checked " + documents.size() + " clients: " + read.fromCache() + " from cache, "
                + read.hubsoftRequests() + " HubSoft requests, " + stale + " stale; suspended=" + suspended
                + " cancelled=" + cancelled + " unknown=" + read.unknown());
    }
}
