package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantTime;
import io.cadencia.worktable.DynamoWakeIndex;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant-time jobs on the real engines (DynamoDB Local, ElasticMQ) through the real dispatcher and worker handlers:
 * one grid schedule, each tenant at its own local time (issue 12).
 */
class TenantTimeIT {

    static final String CHECKUP = "doctor_state_manutencao_diaria";
    /** Midnight of Tuesday 2026-11-24 in Rio Branco (UTC-5), the latest of the zones here. */
    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void aRioBrancoTenantGetsItsCheckupAt0730RioBrancoTimeAndASaoPauloTenantAtItsOwnTheSameDayFromOneSchedule() {
        SimulatedClock clock = new SimulatedClock(DAY.minusSeconds(60), Cadencia.ZONE);
        try (LocalEnvironment env = LocalEnvironment.start(clock)) {
            env.addTenant(tenant(env, "rio-branco", "America/Rio_Branco", "07:30"));
            env.addTenant(tenant(env, "sao-paulo", "America/Sao_Paulo", "07:30"));
            env.addTenant(tenant(env, "noronha", "America/Noronha", "06:10"));
            Job job = env.catalogue().require(CHECKUP);
            assertThat(job.tenantTime()).contains("horario_verificacao");
            List<Instant> ticks = job.schedule().firesBetween(DAY, DAY.plusSeconds(24 * 3600));
            assertThat(ticks).as("one schedule, a 15-minute grid").hasSize(96);
            for (Instant tick : ticks) {
                clock.set(tick);
                env.tick(job, tick);
                env.drain(job.category());
            }
            Map<String, List<String>> local = new java.util.TreeMap<>();
            for (TenantApp.Call call : env.tenantApp().calls()) {
                if (CHECKUP.equals(call.job())) {
                    ZoneId zone = ZoneId.of(zoneOf(call.tenantId()));
                    local.computeIfAbsent(call.tenantId(), k -> new ArrayList<>())
                            .add(Instant.parse(call.scheduledTime()).atZone(zone).toLocalDateTime().toString());
                }
            }
            assertThat(local).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "rio-branco", List.of("2026-11-24T07:30"),
                    "sao-paulo", List.of("2026-11-24T07:30"),
                    "noronha", List.of("2026-11-24T06:00")));
            assertThat(env.tenantApp().duplicateEffects()).isZero();
        }
    }

    /**
     * Duplicate deliveries of every tick race each other and re-saves of the tenants (which rewrite their wakes): no
     * slot is lost and none runs twice, because runs are claimed per tenant, job and slot and a wake moves on only
     * from the slot it held.
     */
    @Test
    void underConcurrentTicksAndSettingsSavesEverySlotRunsExactlyOnce() throws Exception {
        SimulatedClock clock = new SimulatedClock(DAY.plusSeconds(8 * 3600), Cadencia.ZONE);
        try (LocalEnvironment env = LocalEnvironment.start(clock)) {
            List<Tenant> tenants = new ArrayList<>();
            String[] zones = {"America/Sao_Paulo", "America/Manaus", "America/Rio_Branco", "America/Noronha"};
            for (int i = 0; i < 24; i++) {
                Tenant t = tenant(env, String.format("t-%02d", i), zones[i % 4], String.format("07:%02d", (i * 7) % 60));
                env.addTenant(t);
                tenants.add(t);
            }
            Job job = env.catalogue().require(CHECKUP);
            List<Instant> ticks = job.schedule().firesBetween(DAY.plusSeconds(9 * 3600), DAY.plusSeconds(13 * 3600));
            Cadencia control = env.app("ControlFunction");
            DynamoWakeIndex wakes = new DynamoWakeIndex(control.aws().dynamo(), control.settings().tables().work(), Set.of());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                for (Instant tick : ticks) {
                    clock.set(tick);
                    List<Future<?>> racing = new ArrayList<>();
                    for (int d = 0; d < 4; d++) {
                        racing.add(pool.submit(() -> env.tick(job, tick)));
                    }
                    for (int s = 0; s < 2; s++) {
                        racing.add(pool.submit(() -> env.app("ControlFunction").tenants()
                                .save(tenants.get(ThreadLocalRandom.current().nextInt(tenants.size())))));
                    }
                    for (Future<?> f : racing) {
                        f.get();
                    }
                    env.drain(job.category());
                    // A dispatch that died after sending and before advancing: the wake still holds the slot, so the
                    // next tick sends that slot again, and only the run claim per tenant, job and slot stops a rerun.
                    for (Tenant t : tenants) {
                        Instant slot = slotOf(t);
                        if (slot.equals(tick)) {
                            assertThat(wakes.advance(CHECKUP, t.id(), slot.plusSeconds(24 * 3600), slot)).as("rewound " + t.id()).isTrue();
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            for (Tenant t : tenants) {
                Instant slot = slotOf(t);
                List<String> runs = env.tenantApp().calls().stream()
                        .filter(c -> CHECKUP.equals(c.job()) && c.tenantId().equals(t.id())).map(TenantApp.Call::scheduledTime).toList();
                assertThat(runs).as(t.id()).hasSize(1);
                assertThat(Instant.parse(runs.get(0))).as(t.id()).isEqualTo(slot);
            }
            assertThat(env.tenantApp().duplicateEffects()).isZero();
        }
    }

    private static Instant slotOf(Tenant t) {
        return TenantTime.nextSlot(LocalTime.parse(t.settings().get("horario_verificacao")), ZoneId.of(t.settings().get("time_zone")), DAY);
    }

    private static Tenant tenant(LocalEnvironment env, String id, String zone, String time) {
        return new Tenant(id, id, true, env.tenantApp().baseUrlFor(id), Map.of("time_zone", zone, "horario_verificacao", time));
    }

    private static String zoneOf(String tenant) {
        return switch (tenant) {
            case "rio-branco" -> "America/Rio_Branco";
            case "noronha" -> "America/Noronha";
            default -> "America/Sao_Paulo";
        };
    }
}
