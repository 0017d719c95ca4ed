package io.cadencia.hubsoft;

/** A HubSoft support ticket (atendimento); {@code statusPrefix} is e.g. pendente, em_andamento, finalizado. */
public record Ticket(long id, String protocol, String statusPrefix, String statusDescription) {
}
