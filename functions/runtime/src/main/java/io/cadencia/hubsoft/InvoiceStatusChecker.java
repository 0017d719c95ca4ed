package io.cadencia.hubsoft;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
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
    public boolean isPaid(String tenantId, String document, Long invoiceId, LocalDate dueDate, BigDecimal amount) {
        return check(tenantId, document, invoiceId, dueDate, amount) == Answer.PAID;
    }

    /**
     * A tenant without HubSoft credentials is answered without any HubSoft call. Every HubSoft failure (outage,
     * rejected credentials, business error) is UNAVAILABLE: the caller decides whether that may block anything.
     *
     * @param invoiceId HubSoft's id_fatura when the billing record carries it; otherwise the invoice is matched by due
     *                  date and amount ({@link Invoice#matches})
     */
    public Answer check(String tenantId, String document, Long invoiceId, LocalDate dueDate, BigDecimal amount) {
        Objects.requireNonNull(dueDate, "dueDate");
        if (!hubsoft.configured(tenantId)) {
            return Answer.NOT_CONFIGURED;
        }
        Optional<Cached<List<Invoice>>> invoices;
        try {
            invoices = hubsoft.invoices(tenantId, document, dueDate, Priority.HIGH);
        } catch (HubSoftException failed) {
            return Answer.UNAVAILABLE;
        }
        boolean paid = invoices.map(Cached::value).orElse(List.of()).stream()
                .filter(i -> i.matches(invoiceId, dueDate, amount))
                .anyMatch(Invoice::isPaid);
        return paid ? Answer.PAID : Answer.NOT_PAID;
    }
}
