package io.cadencia.hubsoft;

import java.util.List;

/**
 * What one client lookup returns: the full client record and, through its services, the contract status
 * (seed 003 §1: one request serves both).
 */
public record ClientInfo(long id, long code, String name, String document, String phone, String email,
                         List<ClientService> services) {

    public ClientInfo {
        services = services == null ? List.of() : List.copyOf(services);
    }

    public ContractStatus contractStatus() {
        return ContractStatus.of(services.stream().map(ClientService::statusPrefix).toList());
    }
}
