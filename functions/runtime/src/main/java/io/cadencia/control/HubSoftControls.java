package io.cadencia.control;

import io.cadencia.app.Cadencia;

import java.util.LinkedHashMap;
import java.util.Map;

/** Operator actions on the HubSoft integration. */
final class HubSoftControls {

    private final Cadencia app;

    HubSoftControls(Cadencia app) {
        this.app = app;
    }

    Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        // {"action":"hubsoft-invalidate","tenant":"…","document":"…"}: after a change made directly in HubSoft,
        // drop the client's cached data, status and invoices so the next question reaches HubSoft.
        actions.put("hubsoft-invalidate", request -> {
            String tenantId = request.requireTenant().value();
            String document = request.require("document");
            app.hubsoft().invalidateClient(tenantId, document);
            return Map.of("status", "INVALIDATED", "tenant", tenantId, "document", document);
        });
        return actions;
    }
}
