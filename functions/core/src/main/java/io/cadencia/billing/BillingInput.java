package io.cadencia.billing;

import java.math.BigDecimal;

/**
 * One bill as received from an ingest batch, before any validation; every field may be null.
 * {@code hubsoftInvoiceId} is HubSoft's {@code id_fatura} of this bill, optional: with it the pre-send paid check
 * matches that exact invoice, without it the customer's invoice with the same due date.
 */
public record BillingInput(String externalBillingId, String customerName, String phone, String document,
        BigDecimal amount, String dueDate, String paymentLink, String pixCode, String hubsoftInvoiceId) {

    /** A bill without a HubSoft invoice id. */
    public BillingInput(String externalBillingId, String customerName, String phone, String document,
                        BigDecimal amount, String dueDate, String paymentLink, String pixCode) {
        this(externalBillingId, customerName, phone, document, amount, dueDate, paymentLink, pixCode, null);
    }
}
