package io.cadencia.hubsoft;

/** One contracted service of a client; {@code statusPrefix} is HubSoft's machine status (servico_habilitado, …). */
public record ClientService(long id, String name, String status, String statusPrefix, String technology) {
}
