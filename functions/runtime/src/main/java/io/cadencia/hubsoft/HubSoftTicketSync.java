package io.cadencia.hubsoft;

import io.cadencia.tenant.TenantTime;
import io.cadencia.aws.Attr;
import io.cadencia.observability.MetricsSink;
import io.cadencia.tenant.TenantScope;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Batch ticket sync (seed 003 §4): pages through {@code atendimento/paginado/100} and updates every locally tracked
 * ticket ({@link WorkTable#ticket}) from those pages, instead of one request per ticket.
 * Stops as soon as every tracked ticket has been seen. HubSoft requires the range of opening dates
 * ({@code data_inicio}/{@code data_fim}): tickets opened in the last {@link #LOOKBACK_DAYS} days, today in São Paulo
 * included; a tracked ticket older than that is reported "not found" in the run's detail. Runs only for tenants with
 * HubSoft configured (see {@code BuiltInJobs}).
 */
public final class HubSoftTicketSync implements JobRunner {

    /** Tickets are followed while open; a quarter covers the ones seed 003 syncs, and keeps each page request small. */
    static final int LOOKBACK_DAYS = 90;

    private final HubSoft hubsoft;
    private final Function<String, TenantScope> workOf;
    private final MetricsSink metrics;

    public HubSoftTicketSync(HubSoft hubsoft, Function<String, TenantScope> workOf, MetricsSink metrics) {
        this.hubsoft = hubsoft;
        this.workOf = workOf;
        this.metrics = metrics;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        String tenantId = context.tenant().id();
        Map<Long, Map<String, AttributeValue>> tracked = new LinkedHashMap<>();
        workOf.apply(tenantId).query(WorkTable.TICKETS, Integer.MAX_VALUE).forEach(item ->
                tracked.put(WorkTable.ticketId(Attr.str(item, "sk")), item));
        if (tracked.isEmpty()) {
            return JobOutcome.ok(0, "no tracked HubSoft tickets");
        }
        LocalDate today = LocalDate.now(context.clock().withZone(TenantTime.zone(context.settings())));
        LocalDate from = today.minusDays(LOOKBACK_DAYS);
        int page = 1;
        int pages = 0;
        int updated = 0;
        int changed = 0;
        Map<Long, Map<String, AttributeValue>> pending = new LinkedHashMap<>(tracked);
        try {
            while (true) {
                Page<Ticket> result = hubsoft.client().tickets(tenantId, page, hubsoft.config().ticketsPerPage(), from, today, Priority.NORMAL);
                pages++;
                for (Ticket ticket : result.items()) {
                    Map<String, AttributeValue> item = pending.remove(ticket.id());
                    if (item != null) {
                        if (!Objects.equals(Attr.str(item, "hubsoftStatus"), ticket.statusPrefix())) {
                            changed++;
                        }
                        update(tenantId, ticket, context);
                        updated++;
                    }
                }
                if (pending.isEmpty() || !result.hasNext()) {
                    break;
                }
                page++;
            }
        } catch (HubSoftException e) {
            return new JobOutcome(tracked.size(), updated, tracked.size() - updated,
                    "ticket sync stopped after " + pages + " pages: " + e.getMessage(), false);
        }
        metrics.count("hubsoft.sync.pages", pages, Map.of());
        metrics.count("hubsoft.sync.tickets_updated", updated, Map.of());
        return JobOutcome.ok(tracked.size(), "synced " + updated + " of " + tracked.size() + " tracked tickets from " + pages
                + " page(s) (" + pages + " HubSoft requests), " + changed + " changed status, " + pending.size() + " not found");
    }

    private void update(String tenantId, Ticket ticket, JobContext context) {
        TenantScope work = workOf.apply(tenantId);
        work.update(UpdateItemRequest.builder().key(work.key(WorkTable.ticket(ticket.id())))
                .updateExpression("SET hubsoftStatus = :s, hubsoftStatusDescription = :d, protocol = :p, syncedAt = :t")
                .expressionAttributeValues(Map.of(":s", Attr.s(ticket.statusPrefix()),
                        ":d", Attr.s(Objects.requireNonNullElse(ticket.statusDescription(), "")),
                        ":p", Attr.s(Objects.requireNonNullElse(ticket.protocol(), "")),
                        ":t", Attr.s(context.clock().instant().toString()))).build());
    }
}
