package io.cadencia.hubsoft;

import java.util.List;
import java.util.Set;

/** A client's overall contract state, derived from the {@code status_prefixo} of its services. */
public enum ContractStatus {
    ACTIVE, SUSPENDED, CANCELLED, PENDING;

    private static final Set<String> SUSPENDED_PREFIXES = Set.of("suspenso_debito", "suspenso_parcialmente",
            "suspenso_pedido_cliente", "suspenso_judicial", "bloqueio_temporario", "servico_bloqueado", "franquia_excedida");
    private static final Set<String> CANCELLED_PREFIXES = Set.of("cancelado", "inativo");

    /**
     * One enabled service makes the client active; otherwise any suspended service makes it suspended; a client
     * whose services are all cancelled or inactive (or who has none) is cancelled; the rest await installation.
     */
    public static ContractStatus of(List<String> servicePrefixes) {
        if (servicePrefixes.contains("servico_habilitado")) {
            return ACTIVE;
        }
        if (servicePrefixes.stream().anyMatch(SUSPENDED_PREFIXES::contains)) {
            return SUSPENDED;
        }
        if (servicePrefixes.stream().allMatch(CANCELLED_PREFIXES::contains)) {
            return CANCELLED;
        }
        return PENDING;
    }
}
