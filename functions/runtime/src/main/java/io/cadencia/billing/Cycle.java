package io.cadencia.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One billing's reminder cycle. {@code rotation} is a per-tenant sequence number: consecutive cycles pick
 * consecutive template variations, so neighbours in a batch do not get identical text. {@code hubsoftInvoiceId}
 * (optional, from ingest) names the HubSoft invoice the pre-send paid check looks at; without it the check matches
 * the customer's (document) HubSoft invoice with the same due date.
 */
public record Cycle(String tenantId, String cycleId, String externalBillingId, CycleStatus status, String customerName,
                    String phone, String document, BigDecimal amount, LocalDate dueDate, Optional<String> paymentLink,
                    Optional<String> pixCode, long rotation, Optional<Long> hubsoftInvoiceId) {

    /** The same cycle under another id: a creation that completes another's, under the id that one reserved. */
    public Cycle withCycleId(String id) {
        return new Cycle(tenantId, id, externalBillingId, status, customerName, phone, document, amount, dueDate, paymentLink, pixCode,
                rotation, hubsoftInvoiceId);
    }
}
