package io.cadencia.billing;

import io.cadencia.catalogue.Job;
import io.cadencia.local.BillingData;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production pacing through the real pipeline: the critico dispatcher's tick each minute, the SQS FIFO queue and the
 * worker function with its template Timeout counted on the simulated clock, the 1–3 s send gap and the 1.2 s typing
 * delay. Nothing here is sped up; the simulated clock makes it cheap in wall time.
 */
class ProductionPacingIT {

    /** Tuesday 2026-11-24 08:00 in São Paulo. */
    static final Instant TUESDAY_08H = Instant.parse("2026-11-24T11:00:00Z");
    static final Instant NINE = Instant.parse("2026-11-24T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final int BILLINGS = 1000;

    @Test
    @SuppressWarnings("unchecked")
    void aThousandRemindersDueAtNineGoOutOnceEachOverSuccessiveTicksWithNoInvocationPastItsTimeout() {
        try (BillingStack stack = BillingStack.productionPacing(TUESDAY_08H, "pace")) {
            Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
            List<Map<String, Object>> billings = new ArrayList<>();
            for (int i = 0; i < BILLINGS; i++) {
                billings.add(BillingData.valid("pace-" + i, 20_000 + i, TODAY));
            }
            Map<String, Object> ingested = stack.ingest(tenant.id(), billings);
            assertThat((List<Map<String, Object>>) ingested.get("results")).allSatisfy(r -> assertThat(r).containsEntry("status", "created"));

            Job job = stack.env.catalogue().require(MessageSender.JOB);
            Map<String, Object> midway = null;
            int minute = 0;
            for (; stack.sim.sentCount() < BILLINGS && minute < 240; minute++) {
                Instant tick = NINE.plus(Duration.ofMinutes(minute));
                if (stack.clock.instant().isBefore(tick)) {
                    stack.clock.set(tick);
                }
                stack.env.tick(job, tick);
                stack.env.drain("critico");
                if (minute == 10) {
                    midway = stack.control(Map.of("action", "reminder-status", "tenant", tenant.id()));
                }
            }
            Instant finished = stack.sim.acceptedMessages().stream().map(m -> m.acceptedAt()).max(Instant::compareTo).orElseThrow();
            System.out.printf("1,000 reminders due at 09:00: last sent at %s (%s after 09:00), %d ticks%n",
                    finished, Duration.between(NINE, finished), minute);

            assertThat(stack.sim.sentCount()).isEqualTo(BILLINGS);
            assertThat(stack.sim.duplicateSends()).isZero();
            assertThat(stack.env.overruns()).isEmpty();
            assertThat(stack.billing().messages().pendingCount(tenant.id(), stack.clock.instant())).isZero();
            assertThat(stack.billing().messages().unconfirmedCount(tenant.id())).isZero();
            // Production pacing: about 3.2 s per send, so 1,000 sends cannot be done in less than ~50 minutes.
            assertThat(Duration.between(NINE, finished)).isGreaterThan(Duration.ofMinutes(45));

            assertThat(midway).isNotNull();
            assertThat((int) midway.get("dueNow")).isBetween(1, BILLINGS - 1);
            assertThat((int) midway.get("sentToday")).isPositive();
            assertThat(midway.get("rateFrom")).asString().startsWith("last ");
            Instant estimated = Instant.parse((String) midway.get("estimatedFinish"));
            assertThat(estimated).isAfter(NINE.plus(Duration.ofMinutes(10)));
            // The estimate made ten minutes in is within a quarter of the actual finish.
            long actual = Duration.between(NINE, finished).toMinutes();
            long predicted = Duration.between(NINE, estimated).toMinutes();
            assertThat(predicted).isBetween((long) (actual * 0.75), (long) (actual * 1.25));
        }
    }
}
