package io.cadencia.hubsoft;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Asked by the reminder sender before a billing reminder goes out (issue #4 item 7): is this invoice already paid?
 * Cache-first (INVOICES, 10 min; when HubSoft is down the HubSoft layer serves the last known list, flagged stale).
 */
public final class InvoiceStatusChecker {

    /** What the check found. UNAVAILABLE: HubSoft failed and nothing was cached, so nobody knows. */
    public enum Answer { PAID, NOT_PAID, NOT_CONFIGURED, UNAVAILABLE }

    private final HubSoft hubsoft;

    public InvoiceStatusChecker(HubSoft hubsoft) {
        this.hubsoft = hubsoft;
    }

    /** True only when HubSoft (or its cache) says the invoice is paid. */
    public boolean isPaid(String tenantId, String document, Long invoiceId, LocalDate dueDate) {
        return check(tenantId, document, invoiceId, dueDate) == Answer.PAID;
    }

    /**
     * A tenant without HubSoft credentials is answered without any HubSoft call. Every HubSoft failure (outage,
     * rejected credentials, business error) is UNAVAILABLE: the caller decides whether that may block anything.
     *
     * @param invoiceId HubSoft's id_fatura when the billing record carries it; otherwise the invoice is matched by due date
     */
    public Answer check(String tenantId, String document, Long invoiceId, LocalDate dueDate) {
        if (!hubsoft.configured(tenantId)) {
            return Answer.NOT_CONFIGURED;
        }
        Optional<Cached<List<Invoice>>> invoices;
        try {
            invoices = hubsoft.invoices(tenantId, document, Priority.HIGH);
        } catch (HubSoftException failed) {
            return Answer.UNAVAILABLE;
        }
        boolean paid = invoices.map(Cached::value).orElse(List.of()).stream()
                .filter(i -> invoiceId != null ? i.id() == invoiceId : dueDate != null && dueDate.equals(i.dueDate()))
                .anyMatch(Invoice::isPaid);
        return paid ? Answer.PAID : Answer.NOT_PAID;
    }
}
