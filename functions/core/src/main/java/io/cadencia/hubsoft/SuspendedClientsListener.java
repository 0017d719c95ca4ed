package io.cadencia.hubsoft;

import java.util.List;

/**
 * Told by the daily checkup which clients of a tenant are suspended or cancelled, so that pending billing
 * reminders of those clients can be paused. The billing side (issue #3) implements it; until then nothing listens.
 */
@FunctionalInterface
public interface SuspendedClientsListener {

    void suspendedOrCancelled(String tenantId, List<ClientInfo> clients);

    SuspendedClientsListener NONE = (tenantId, clients) -> {
    };
}
