package io.cadencia.local;

import io.cadencia.catalogue.Job;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantDirectory;
import io.cadencia.tenant.TenantTime;
import io.cadencia.work.RunLedger;
import io.cadencia.work.RunRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulation's tenant time (issue 12): seeded tenants spread over Brazil's four zones and one zone with daylight
 * saving, each with its own preferred times; the report lists every tenant-time run in the tenant's local time and
 * counts the runs outside the tenant's local preferred slot, or a second run on the same local day.
 */
final class TenantTimeReport {

    /** Brazil's four zones (Noronha UTC-2, Brasília UTC-3, Amazon UTC-4, Acre UTC-5) and Portugal's, with DST. */
    static final List<String> ZONES = List.of("America/Noronha", "America/Sao_Paulo", "America/Manaus", "America/Rio_Branco",
            "Europe/Lisbon");

    /** Runs per tenant-time job in the tenant's local ISO time, and how many broke the slot rule. */
    record Figures(Map<String, Object> tenants, int violations) {
    }

    private TenantTimeReport() {
    }

    /** Gives tenant i the zone {@code i mod 5} and preferred times spread over the morning and the night. */
    static List<Tenant> spread(LocalEnvironment env, List<Tenant> tenants) {
        List<Tenant> spread = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            Tenant t = tenants.get(i);
            Map<String, String> settings = new HashMap<>(t.settings());
            settings.put("time_zone", ZONES.get(i % ZONES.size()));
            settings.put("horario_verificacao", LocalTime.of(6, 0).plusMinutes(i * 35L % 240).toString());
            settings.put("horario_limpeza", LocalTime.of(1, 0).plusMinutes(i * 25L % 180).toString());
            Tenant moved = new Tenant(t.id(), t.name(), t.active(), t.endpointBaseUrl(), settings);
            env.app("ControlFunction").tenants().save(moved);
            spread.add(moved);
        }
        return spread;
    }

    static Figures figures(LocalEnvironment env, Instant from, Instant to) {
        TenantDirectory directory = env.app("ControlFunction").tenants();
        RunLedger runs = env.app("ControlFunction").runs();
        Map<String, Object> tenants = new TreeMap<>();
        int violations = 0;
        for (Job job : env.catalogue().jobs()) {
            if (job.tenantTime().isEmpty()) {
                continue;
            }
            Set<String> seenDays = new HashSet<>();
            Set<String> ran = new HashSet<>();
            for (RunRecord run : runs.byJob(job.name(), Integer.MAX_VALUE)) {
                if (run.tenantId() == null || run.scheduledTime().isBefore(from) || !run.scheduledTime().isBefore(to)) {
                    continue;
                }
                Settings settings = directory.settingsOf(directory.require(run.tenantId()));
                ZoneId zone = TenantTime.zone(settings);
                ZonedDateTime local = run.scheduledTime().atZone(zone);
                LocalDate day = local.toLocalDate();
                Instant expected = TenantTime.slotOn(day, settings.time(job.tenantTime().get()), zone);
                if (!run.scheduledTime().equals(expected) || !seenDays.add(run.tenantId() + "#" + day)) {
                    violations++;
                }
                ran.add(run.tenantId() + "#" + run.scheduledTime());
                @SuppressWarnings("unchecked")
                Map<String, Object> entry = (Map<String, Object>) tenants.computeIfAbsent(run.tenantId(), k -> {
                    Map<String, Object> e = new java.util.LinkedHashMap<>();
                    e.put("zone", zone.getId());
                    e.put("runs", new TreeMap<String, List<String>>());
                    return e;
                });
                @SuppressWarnings("unchecked")
                Map<String, List<String>> byJob = (Map<String, List<String>>) entry.get("runs");
                byJob.computeIfAbsent(job.name(), k -> new ArrayList<>()).add(local.toLocalDateTime().toString());
            }
            // A slot inside the window that never ran is a violation too.
            for (Tenant tenant : directory.activeTenants()) {
                Settings settings = directory.settingsOf(tenant);
                ZoneId zone = TenantTime.zone(settings);
                LocalTime preferred = settings.time(job.tenantTime().get());
                for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(to.atZone(zone).toLocalDate()); day = day.plusDays(1)) {
                    Instant slot = TenantTime.slotOn(day, preferred, zone);
                    if (!slot.isBefore(from) && slot.isBefore(to) && !ran.contains(tenant.id() + "#" + slot)) {
                        violations++;
                    }
                }
            }
        }
        tenants.values().forEach(e -> {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> byJob = (Map<String, List<String>>) ((Map<String, Object>) e).get("runs");
            byJob.values().forEach(java.util.Collections::sort);
        });
        return new Figures(tenants, violations);
    }
}
