package io.cadencia.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** A bill that passed {@link BillingValidator}: phone in E.164, amount with scale 2, trimmed text. */
public record ValidBilling(String externalBillingId, String customerName, String phone, TaxId document,
        BigDecimal amount, LocalDate dueDate, Optional<String> paymentLink, Optional<String> pixCode,
        Optional<Long> hubsoftInvoiceId) {

    /** A bill without a HubSoft invoice id. */
    public ValidBilling(String externalBillingId, String customerName, String phone, TaxId document,
                        BigDecimal amount, LocalDate dueDate, Optional<String> paymentLink, Optional<String> pixCode) {
        this(externalBillingId, customerName, phone, document, amount, dueDate, paymentLink, pixCode, Optional.empty());
    }
}
