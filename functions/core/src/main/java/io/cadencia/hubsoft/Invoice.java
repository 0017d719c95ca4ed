package io.cadencia.hubsoft;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A client invoice (fatura). Amounts in reais; dates as HubSoft sends them (dd/MM/yyyy), parsed. */
public record Invoice(long id, String status, BigDecimal amount, BigDecimal paidAmount, LocalDate dueDate,
                      LocalDate paidOn) {

    /** Paid when HubSoft says so (quitado/pago) or a payment date is set. */
    public boolean isPaid() {
        return paidOn != null || "quitado".equalsIgnoreCase(status) || "pago".equalsIgnoreCase(status);
    }
}
