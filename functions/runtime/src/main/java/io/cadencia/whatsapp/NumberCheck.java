package io.cadencia.whatsapp;

/** One entry of /chat/whatsappNumbers. {@code jid} and {@code name} may be null when WhatsApp omits them. */
public record NumberCheck(String number, boolean exists, String jid, String name) {
}
