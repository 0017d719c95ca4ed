package io.cadencia.lambda;

import io.cadencia.apikey.ApiKeys;
import io.cadencia.apikey.DynamoApiKeyStore;
import io.cadencia.app.Cadencia;
import io.cadencia.control.ApiKeyControls;
import io.cadencia.control.ControlAction;
import io.cadencia.control.SchedulerControls;
import io.cadencia.control.TenantControls;
import io.cadencia.control.HubSoftControls;
import io.cadencia.billing.BillingControls;
import io.cadencia.billing.ReminderStatus;
import io.cadencia.runs.DynamoIngestAudit;
import io.cadencia.tenant.TenantIndexBackfill;
import io.cadencia.control.TenantKeyControls;
import io.cadencia.secrets.TenantKeyMigration;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every action the control function knows, by name, each given only what it uses. */
final class ControlActions {

    private ControlActions() {
    }

    static Map<String, ControlAction> all(Cadencia app) {
        Map<String, ControlAction> actions = new LinkedHashMap<>(new SchedulerControls(app.catalogue(), app.controls(),
                app.dispatcher(), app.runs(), app.registry()::isBuiltIn, app.queue()::depth, app.tenants(), app.clock()).actions());
        actions.putAll(new TenantControls(app.tenants(), app.clock()).actions());
        TenantIndexBackfill backfill = new TenantIndexBackfill(app.aws().dynamo(), app.settings().tables().tenants());
        actions.put("index-tenants", request -> {
            int indexed = backfill.run();
            // Tenants saved before tenant time existed get their slots too; a tenant already scheduled keeps its own.
            app.tenants().activeTenants().forEach(app.tenants()::schedule);
            return Map.of("indexed", indexed);
        });
        actions.putAll(new TenantKeyControls(app.tenants(), app.tenantKeys(), new TenantKeyMigration(app.aws().dynamo(),
                app.settings().tables().tenants(), app.aws().secrets(), app.tenantKeys())).actions());
        actions.putAll(new BillingControls(app.billing(), app.tenants(), app.clock()).actions());
        actions.putAll(new ReminderStatus(app.billing().messages(), app.tenants(), app.runs(), app.clock(),
                app.sender()::plannedSendsPerRun).actions());
        actions.putAll(new HubSoftControls(app.hubsoftOnFirstUse()).actions());
        var tables = app.settings().tables();
        ApiKeyControls keys = new ApiKeyControls(new ApiKeys(new DynamoApiKeyStore(app.aws().dynamo(), tables.tenants()), app.clock()),
                app.tenants(), new DynamoIngestAudit(app.aws().dynamo(), tables.runs(), app.settings().runRetention()));
        actions.putAll(keys.actions());
        actions.put("status", keys.withIngestOf(actions.get("status")));
        return actions;
    }
}
