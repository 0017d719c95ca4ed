package io.cadencia.whatsapp;

/** The calls {@link InstanceGuard} needs, so it can be tested without HTTP. */
public interface EvolutionGateway {

    SendResult sendText(EvolutionInstance instance, String numberDigits, String text);

    ConnectionState connectionState(EvolutionInstance instance);
}
