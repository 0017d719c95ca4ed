package io.cadencia.control;

import io.cadencia.dispatch.TenantSlots;
import io.cadencia.tenant.Tenant;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's tenant-time jobs as the operator reads them: the zone, and per job the setting, its effective time and
 * where it comes from (tenant, global, default), and the next run in local time and in UTC.
 */
final class TenantTimeView {

    private TenantTimeView() {
    }

    static Map<String, Object> of(TenantSlots slots, Tenant tenant, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        Map<String, Object> jobs = new LinkedHashMap<>();
        slots.nextRuns(tenant, now).forEach((job, next) -> {
            view.putIfAbsent("zone", next.zone().getId());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("setting", next.setting());
            row.put("time", next.preferred().toString());
            row.put("source", next.source());
            row.put("nextRunLocal", next.at().atZone(next.zone()).toOffsetDateTime().toString());
            row.put("nextRunUtc", next.at().toString());
            jobs.put(job, row);
        });
        view.put("jobs", jobs);
        return view;
    }
}
