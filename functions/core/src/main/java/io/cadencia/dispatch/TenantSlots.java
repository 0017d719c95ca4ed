package io.cadencia.dispatch;

import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Job;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantTime;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant directory that keeps each active tenant's next local slot of every tenant-time job in the wake index:
 * saving a tenant writes its slots, and a global change of a time or of the zone rewrites every active tenant's (a
 * rare operator action, one write per tenant and job). So every path that changes a tenant's time takes effect from
 * its next slot, and a tick reads only the tenants whose slot it is.
 */
public final class TenantSlots implements TenantDirectory {

    /** One tenant's next run of a tenant-time job: the setting and its source, the zone, the slot. */
    public record NextRun(String setting, LocalTime preferred, String source, ZoneId zone, Instant at) {
    }

    private final TenantDirectory delegate;
    private final List<Job> jobs;
    private final DispatchPorts.WakeIndex wake;
    private final Clock clock;

    public TenantSlots(TenantDirectory delegate, Catalogue catalogue, DispatchPorts.WakeIndex wake, Clock clock) {
        this.delegate = delegate;
        this.jobs = catalogue.jobs().stream().filter(j -> j.tenantTime().isPresent()).toList();
        this.wake = wake;
        this.clock = clock;
    }

    @Override
    public List<Tenant> activeTenants() {
        return delegate.activeTenants();
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return delegate.find(tenantId);
    }

    @Override
    public Map<String, String> globalSettings() {
        return delegate.globalSettings();
    }

    @Override
    public void save(Tenant tenant) {
        delegate.save(tenant);
        if (tenant.active()) {
            schedule(tenant);
        }
    }

    @Override
    public void saveGlobalSetting(String key, String value) {
        delegate.saveGlobalSetting(key, value);
        if (KnownSettings.TIMES.contains(key) || KnownSettings.TIME_ZONE.equals(key)) {
            activeTenants().forEach(this::schedule);
        }
    }

    /**
     * Writes the tenant's next slot of every tenant-time job, at or after now (idempotent: an index backfill may call
     * it again). A slot equal to now whose tick has already run is harmless: its run was claimed under that slot.
     */
    public void schedule(Tenant tenant) {
        Instant now = clock.instant();
        nextRuns(tenant, now.minusNanos(1)).forEach((job, next) -> wake.schedule(job, tenant.id(), next.at(), now));
    }

    /** Each tenant-time job's next run for the tenant after {@code now}, under its current settings. */
    public Map<String, NextRun> nextRuns(Tenant tenant, Instant now) {
        Settings settings = settingsOf(tenant);
        Map<String, NextRun> runs = new LinkedHashMap<>();
        for (Job job : jobs) {
            String setting = job.tenantTime().orElseThrow();
            runs.put(job.name(), new NextRun(setting, settings.time(setting), settings.sourceOf(setting), TenantTime.zone(settings),
                    TenantTime.nextSlot(settings, setting, now)));
        }
        return runs;
    }
}
