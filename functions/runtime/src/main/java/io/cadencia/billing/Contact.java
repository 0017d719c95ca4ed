package io.cadencia.billing;

/** A tenant's customer, keyed by normalised phone: opt-out belongs to the WhatsApp number. */
public record Contact(String tenantId, String phone, String name, String document, boolean optedOut) {
}
