package io.cadencia.hubsoft;

import java.util.List;

/**
 * Told by the daily checkup which clients of a tenant are suspended or cancelled, so that pending billing
 * reminders of those clients can be paused, and which are active, so that reminders paused earlier can resume.
 * The billing side implements it (io.cadencia.billing.BillingSuspensions).
 */
@FunctionalInterface
public interface SuspendedClientsListener {

    void suspendedOrCancelled(String tenantId, List<ClientInfo> clients);

    /** Every client the checkup found active (not only those that changed): the checkup keeps no history. */
    default void active(String tenantId, List<ClientInfo> clients) {
    }

    SuspendedClientsListener NONE = (tenantId, clients) -> {
    };
}
