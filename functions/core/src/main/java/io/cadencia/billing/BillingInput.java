package io.cadencia.billing;

import java.math.BigDecimal;

/** One bill as received from an ingest batch, before any validation; every field may be null. */
public record BillingInput(String externalBillingId, String customerName, String phone, String document,
        BigDecimal amount, String dueDate, String paymentLink, String pixCode) {
}
