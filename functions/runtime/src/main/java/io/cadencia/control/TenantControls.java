package io.cadencia.control;

import io.cadencia.dispatch.TenantSlots;

import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Operator actions on tenants and settings: show a tenant, create or update one, set a tenant or global setting. */
public final class TenantControls {

    private final TenantSlots tenants;
    private final Clock clock;

    public TenantControls(TenantSlots tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    public Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        actions.put("tenant", this::show);
        actions.put("save-tenant", this::save);
        actions.put("set-setting", this::setSetting);
        return actions;
    }

    /**
     * The tenant's profile and every effective setting with where its value came from; a stored value that is
     * skipped (unknown key or failing its check) carries the {@code problem}. {@code tenantTime}: its zone and, per
     * tenant-time job, the effective time, its source and the next run in local time and UTC.
     */
    private Map<String, Object> show(ControlRequest request) {
        Tenant tenant = require(request.require("tenant"));
        Settings settings = tenants.settingsOf(tenant);
        Map<String, String> problems = settings.problems();
        Map<String, Object> effective = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>();
        KnownSettings.all().forEach(k -> keys.add(k.key()));
        keys.addAll(tenant.settings().keySet());
        keys.addAll(tenants.globalSettings().keySet());
        for (String key : keys) {
            Map<String, Object> setting = new LinkedHashMap<>();
            setting.put("value", settings.find(key).orElse(""));
            setting.put("source", settings.sourceOf(key));
            if (problems.containsKey(key)) {
                setting.put("problem", problems.get(key));
            }
            effective.put(key, setting);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenant.id());
        response.put("name", tenant.name());
        response.put("active", tenant.active());
        response.put("endpointBaseUrl", tenant.endpointBaseUrl());
        response.put("settings", effective);
        response.put("tenantTime", TenantTimeView.of(tenants, tenant, clock.instant()));
        return response;
    }

    private Map<String, Object> save(ControlRequest request) {
        String id = request.requireTenant().value();
        Tenant existing = tenants.find(id).orElse(null);
        String url = request.text("endpointBaseUrl").orElse(existing == null ? null : existing.endpointBaseUrl());
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'endpointBaseUrl' value '" + url + "' is not a URL", e);
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("field 'endpointBaseUrl' value '" + url + "' must be an http(s) URL");
            }
        }
        Object active = request.fields().get("active");
        boolean isActive = active == null ? existing == null || existing.active() : KnownSettings.flag(active.toString())
                .orElseThrow(() -> new IllegalArgumentException("field 'active' value '" + active + "' is not true or false"));
        Map<String, String> settings = new HashMap<>(existing == null ? Map.of() : existing.settings());
        Object given = request.fields().get("settings");
        if (given instanceof Map<?, ?> map) {
            // Every problem at once, so the operator fixes the request in one go; nothing is saved while any remains.
            List<String> problems = new ArrayList<>();
            map.forEach((k, v) -> {
                if (v == null || v.toString().isBlank()) {
                    settings.remove(k.toString());
                    return;
                }
                try {
                    settings.put(k.toString(), KnownSettings.validate(k.toString(), v.toString()));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            });
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("tenant '" + id + "' not saved: " + String.join("; ", problems));
            }
        } else if (given != null) {
            throw new IllegalArgumentException("field 'settings' must be an object of setting names to values, like "
                    + "{\"horario_envio\": \"09:00\"}");
        }
        Tenant tenant = new Tenant(id, request.text("name").orElse(existing == null ? id : existing.name()), isActive, url, settings);
        tenants.save(tenant);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", id);
        response.put("created", existing == null);
        response.put("active", isActive);
        return response;
    }

    /** {@code {"key": "...", "value": "...", "tenant": optional}}: without a tenant the global value is set. */
    private Map<String, Object> setSetting(ControlRequest request) {
        String key = KnownSettings.require(request.require("key")).key();
        String value = KnownSettings.validate(key, request.require("value"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("key", key);
        response.put("value", value);
        if (request.text("tenant").isPresent()) {
            Tenant tenant = require(request.require("tenant"));
            Map<String, String> settings = new HashMap<>(tenant.settings());
            settings.put(key, value);
            tenants.save(new Tenant(tenant.id(), tenant.name(), tenant.active(), tenant.endpointBaseUrl(), settings));
            response.put("tenant", tenant.id());
        } else {
            tenants.saveGlobalSetting(key, value);
            response.put("scope", "global");
        }
        return response;
    }

    private Tenant require(String id) {
        return tenants.require(id);
    }
}
