package io.cadencia.hubsoft;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A client invoice (fatura) as {@code cliente/financeiro} documents it. Amounts in reais; dates as HubSoft sends them
 * (dd/MM/yyyy), parsed. {@code digitableLine} (linha_digitavel), {@code link} (the PDF) and {@code pixCopyPaste}
 * (pix_copia_cola) are null when HubSoft has none.
 */
public record Invoice(long id, BigDecimal amount, LocalDate dueDate, LocalDate paidOn, String digitableLine, String link,
                      String pixCopyPaste) {

    /**
     * Paid when {@code data_pagamento} is set: HubSoft's documented invoice has no status or paid-amount field (those
     * appear only in third-party code), so the payment date is the one documented signal.
     */
    public boolean isPaid() {
        return paidOn != null;
    }

    /**
     * Is this the invoice of a billing? By HubSoft's id when the billing carries it; otherwise the due date AND the
     * amount must both match (a customer with two services has two invoices due the same day). Amounts compare as
     * exact decimals, so 99.9 equals 99.90.
     */
    public boolean matches(Long invoiceId, LocalDate billedDueDate, BigDecimal billedAmount) {
        if (invoiceId != null) {
            return id == invoiceId;
        }
        return billedDueDate != null && billedDueDate.equals(dueDate)
                && billedAmount != null && amount != null && billedAmount.compareTo(amount) == 0;
    }
}
