package io.cadencia.control;

import io.cadencia.app.Cadencia;
import io.cadencia.billing.BillingControls;
import io.cadencia.billing.ReminderStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every action the control function knows, by name. */
final class ControlActions {

    private ControlActions() {
    }

    static Map<String, ControlAction> all(Cadencia app) {
        Map<String, ControlAction> actions = new LinkedHashMap<>(new SchedulerControls(app).actions());
        actions.putAll(new TenantControls(app).actions());
        actions.putAll(new BillingControls(app).actions());
        actions.putAll(new ReminderStatus(app).actions());
        actions.putAll(new HubSoftControls(app).actions());
        return actions;
    }
}
