package io.cadencia.hubsoft;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Asked by the reminder sender before a billing reminder goes out (issue #4 item 7): is this invoice already paid?
 * Cache-first (INVOICES, 10 min). A tenant without HubSoft, an unknown invoice or HubSoft down with nothing cached
 * all answer "not known to be paid", so the reminder flow goes on as it would without HubSoft.
 */
public final class InvoiceStatusChecker {

    private final HubSoft hubsoft;

    public InvoiceStatusChecker(HubSoft hubsoft) {
        this.hubsoft = hubsoft;
    }

    /**
     * @param invoiceId HubSoft's id_fatura when the billing record carries it; otherwise the invoice is matched by due date
     */
    public boolean isPaid(String tenantId, String document, Long invoiceId, LocalDate dueDate) {
        if (!hubsoft.configured(tenantId)) {
            return false;
        }
        Optional<Cached<List<Invoice>>> invoices;
        try {
            invoices = hubsoft.invoices(tenantId, document, Priority.HIGH);
        } catch (HubSoftUnavailableException down) {
            return false;
        }
        return invoices.map(Cached::value).orElse(List.of()).stream()
                .filter(i -> invoiceId != null ? i.id() == invoiceId : dueDate != null && dueDate.equals(i.dueDate()))
                .anyMatch(Invoice::isPaid);
    }
}
