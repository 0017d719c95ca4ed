package io.cadencia.control;

import io.cadencia.hubsoft.HubSoft;
import java.util.function.Supplier;


import java.util.LinkedHashMap;
import java.util.Map;

/** Operator actions on the HubSoft integration. */
public final class HubSoftControls {

    /** Built on first use: a control function that never invalidates never builds the HubSoft integration. */
    private final Supplier<HubSoft> hubsoft;

    public HubSoftControls(Supplier<HubSoft> hubsoft) {
        this.hubsoft = hubsoft;
    }

    public Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        // {"action":"hubsoft-invalidate","tenant":"…","document":"…"}: after a change made directly in HubSoft,
        // drop the client's cached data, status and invoices so the next question reaches HubSoft.
        actions.put("hubsoft-invalidate", request -> {
            String tenantId = request.requireTenant().value();
            String document = request.require("document");
            hubsoft.get().invalidateClient(tenantId, document);
            return Map.of("status", "INVALIDATED", "tenant", tenantId, "document", document);
        });
        return actions;
    }
}
