package io.cadencia.whatsapp;

/**
 * The calls {@link InstanceGuard} needs, so it can be tested without HTTP. Thread-safe; no argument is null and
 * nothing returned is null. Every vendor or network outcome is a value, never an exception: the caller decides
 * from the {@link SendResult} or {@link ConnectionState} variant whether to retry, so a call throws only for a bug
 * (such as a text that may not be sent at all), which fails the run and is retried with it.
 */
public interface EvolutionGateway {

    SendResult sendText(EvolutionInstance instance, String numberDigits, String text);

    ConnectionState connectionState(EvolutionInstance instance);
}
