package io.cadencia.dispatch;

import io.cadencia.catalogue.AwsCron;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.CatchUp;
import io.cadencia.catalogue.Job;
import io.cadencia.fakes.InMemoryControls;
import io.cadencia.fakes.InMemoryTenantDirectory;
import io.cadencia.fakes.InMemoryTickLedger;
import io.cadencia.fakes.InMemoryWakeIndex;
import io.cadencia.fakes.RecordingWorkQueue;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant-time dispatch with in-memory ports: each tenant at its own local slot, from one grid schedule. */
class TenantTimeDispatchTest {

    static final Job CHECKUP = new Job("doctor_state_manutencao_diaria", "manutencao", "/jobs/doctor",
            AwsCron.parse("cron(0/15 * * * ? *)", ZoneId.of("America/Sao_Paulo")), "test", CatchUp.DEFAULT, Optional.of("horario_verificacao"));
    static final Instant MIDNIGHT_UTC = Instant.parse("2026-11-24T00:00:00Z");

    final AtomicReference<Instant> now = new AtomicReference<>(MIDNIGHT_UTC);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final InMemoryWakeIndex wakes = new InMemoryWakeIndex(Set.of());
    final InMemoryControls controls = new InMemoryControls();
    final RecordingWorkQueue queue = new RecordingWorkQueue();
    final TenantSlots tenants = new TenantSlots(new InMemoryTenantDirectory(), new Catalogue(List.of(CHECKUP)), wakes, clock);
    final Dispatcher dispatcher = new Dispatcher(new InMemoryTickLedger("d"), controls, tenants, wakes, queue, clock);

    @Test
    void aRioBrancoAndASaoPauloTenantEachRunAtTheirOwnLocalTimeOnceADayFromOneGrid() {
        tenants.save(tenant("rio-branco", "America/Rio_Branco", "07:30"));
        tenants.save(tenant("sao-paulo", "America/Sao_Paulo", "07:30"));
        tenants.save(new Tenant("off", "Off", false, "http://off", Map.of()));
        runTicks(MIDNIGHT_UTC, 96);
        assertThat(runsOf("rio-branco")).containsExactly(Instant.parse("2026-11-24T12:30:00Z"));
        assertThat(runsOf("sao-paulo")).containsExactly(Instant.parse("2026-11-24T10:30:00Z"));
        assertThat(runsOf("off")).isEmpty();
    }

    @Test
    void aChangedTimeOrZoneTakesEffectFromTheNextSlot() {
        tenants.save(tenant("t", "America/Sao_Paulo", "07:30"));
        runTicks(MIDNIGHT_UTC, 48);
        now.set(Instant.parse("2026-11-24T12:05:00Z"));
        tenants.save(tenant("t", "America/Manaus", "10:00"));
        runTicks(Instant.parse("2026-11-24T12:15:00Z"), 112);
        assertThat(runsOf("t")).containsExactly(Instant.parse("2026-11-24T10:30:00Z"), Instant.parse("2026-11-24T14:00:00Z"),
                Instant.parse("2026-11-25T14:00:00Z"));
    }

    @Test
    void aGlobalTimeMovesEveryTenantWithoutItsOwn() {
        tenants.save(new Tenant("plain", "Plain", true, "http://plain", Map.of()));
        tenants.save(tenant("own", "America/Sao_Paulo", "07:30"));
        tenants.saveGlobalSetting("horario_verificacao", "06:00");
        runTicks(MIDNIGHT_UTC, 96);
        assertThat(runsOf("plain")).containsExactly(Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(runsOf("own")).containsExactly(Instant.parse("2026-11-24T10:30:00Z"));
    }

    @Test
    void aSlotMissedWhilePausedRunsOnceAtTheFirstTickAfterTheResume() {
        tenants.save(tenant("t", "America/Sao_Paulo", "07:30"));
        controls.pause("job", CHECKUP.name(), Optional.empty(), MIDNIGHT_UTC);
        runTicks(MIDNIGHT_UTC, 48);
        controls.resume("job", CHECKUP.name());
        runTicks(MIDNIGHT_UTC.plusSeconds(12 * 3600), 96);
        assertThat(runsOf("t")).as("run under its slot's time, once, then daily").containsExactly(
                Instant.parse("2026-11-24T10:30:00Z"), Instant.parse("2026-11-25T10:30:00Z"));
    }

    @Test
    void aSettingsChangeWhileItsSlotIsDueButNotDispatchedKeepsThatSlot() {
        tenants.save(tenant("t", "America/Sao_Paulo", "07:30"));
        now.set(Instant.parse("2026-11-24T10:30:05Z"));
        tenants.save(tenant("t", "America/Sao_Paulo", "10:00"));
        runTicks(Instant.parse("2026-11-24T10:30:00Z"), 96);
        assertThat(runsOf("t")).as("07:30 runs, then the new 10:00 from the next slot on, the same day")
                .containsExactly(Instant.parse("2026-11-24T10:30:00Z"), Instant.parse("2026-11-24T13:00:00Z"));
    }

    @Test
    void inLisbonASkippedLocalTimeRunsAtTheFirstValidInstantAfterItAndARepeatedOneRunsOnce() {
        // 2026-03-29 01:00 WET jumps to 02:00 WEST (01:30 never happens); 2026-10-25 02:00 WEST falls back to 01:00 WET
        // (01:30 happens twice).
        now.set(Instant.parse("2026-03-28T00:00:00Z"));
        tenants.save(tenant("lisboa", "Europe/Lisbon", "01:30"));
        runTicks(Instant.parse("2026-03-28T00:00:00Z"), 96 * 3);
        assertThat(runsOf("lisboa")).containsExactly(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"));
        now.set(Instant.parse("2026-10-24T00:00:00Z"));
        tenants.save(tenant("lisboa", "Europe/Lisbon", "01:30"));
        runTicks(Instant.parse("2026-10-24T00:00:00Z"), 96 * 3);
        assertThat(runsOf("lisboa").stream().filter(t -> t.isAfter(Instant.parse("2026-10-01T00:00:00Z"))))
                .containsExactly(Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-26T01:30:00Z"));
    }

    private void runTicks(Instant from, int count) {
        for (int i = 0; i < count; i++) {
            Instant tick = from.plus(io.cadencia.tenant.TenantTime.SLOT.multipliedBy(i));
            now.set(tick);
            dispatcher.dispatch(CHECKUP, Tick.scheduled(CHECKUP.name(), tick));
            // A duplicate delivery of the tick dispatches nothing more.
            dispatcher.dispatch(CHECKUP, Tick.scheduled(CHECKUP.name(), tick));
        }
    }

    private List<Instant> runsOf(String tenant) {
        return queue.sent().stream().filter(m -> m.tenantId().equals(tenant)).map(WorkMessage::scheduledTime).toList();
    }

    private static Tenant tenant(String id, String zone, String time) {
        return new Tenant(id, id, true, "http://" + id, Map.of("time_zone", zone, "horario_verificacao", time));
    }
}
