package io.cadencia.billing;

import io.cadencia.local.BillingData;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cadencia.billing.BillingEdgeCasesIT.TODAY;
import static io.cadencia.billing.BillingEdgeCasesIT.TUESDAY_10H;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 7.11: the billing controls do what README says. */
class OperatorControlsIT {

    static BillingStack stack;

    @BeforeAll
    static void start() {
        stack = BillingStack.productionPacing(TUESDAY_10H, "ops");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Map<String, MessageStatus> statusByStep(Tenant tenant, String cycleId) {
        return stack.messages(tenant.id(), cycleId).stream().collect(Collectors.toMap(ReminderMessage::step, ReminderMessage::status));
    }

    @Test
    void markPaidAcceptsCycleIdAsWellAsExternalBillingId() {
        Tenant tenant = stack.tenant(Map.of());
        Map<String, Object> ingest = stack.ingest(tenant.id(), List.of(BillingData.valid("paid-1", 901, TODAY.plusDays(5)),
                BillingData.valid("paid-2", 902, TODAY.plusDays(5))));
        assertThat(stack.control(Map.of("action", "mark-paid", "tenant", tenant.id(), "cycleId", stack.cycleId(ingest, 0))))
                .containsEntry("status", "paid").containsEntry("externalBillingId", "paid-1").containsEntry("messagesCancelled", 4);
        assertThat(stack.control(Map.of("action", "mark-paid", "tenant", tenant.id(), "externalBillingId", "paid-2")))
                .containsEntry("status", "paid").containsEntry("cycleId", stack.cycleId(ingest, 1));
        assertThatThrownBy(() -> stack.control(Map.of("action", "mark-paid", "tenant", tenant.id())))
                .hasMessage("action 'mark-paid' requires field 'cycleId' or 'externalBillingId'");
    }

    @Test
    void optInReactivatesWhatOptOutCancelledThatIsStillAheadOfItsActiveCycles() {
        Tenant tenant = stack.tenant(Map.of());
        String phone = BillingData.mobile(903);
        Map<String, Object> before = stack.ingest(tenant.id(), List.of(BillingData.valid("opt-1", 903, TODAY.plusDays(10)),
                BillingData.billing("opt-2", "Cliente 903", phone, BillingData.cpf(903), new java.math.BigDecimal("20.00"), TODAY.plusDays(12))));
        assertThat(stack.control(Map.of("action", "opt-out", "tenant", tenant.id(), "phone", phone))).containsEntry("messagesCancelled", 8);
        Map<String, Object> whileOut = stack.ingest(tenant.id(), List.of(BillingData.billing("opt-3", "Cliente 903", phone,
                BillingData.cpf(903), new java.math.BigDecimal("30.00"), TODAY.plusDays(20))));
        stack.control(Map.of("action", "cancel-cycle", "tenant", tenant.id(), "externalBillingId", "opt-2"));

        stack.clock.advance(Duration.ofDays(8));
        try {
            Map<String, Object> optIn = stack.control(Map.of("action", "opt-in", "tenant", tenant.id(), "phone", phone));
            assertThat(optIn).containsEntry("optedOut", false).containsEntry("messagesReactivated", 7);
            // opt-1 is due on day 10: its D-3 step (day 7) passed while opted out and is not sent late.
            assertThat(statusByStep(tenant, stack.cycleId(before, 0)))
                    .isEqualTo(Map.of("D-3", MessageStatus.CANCELLED, "D0", MessageStatus.PENDING, "D+3", MessageStatus.PENDING, "D+7", MessageStatus.PENDING));
            assertThat(statusByStep(tenant, stack.cycleId(before, 1))).containsOnlyKeys("D-3", "D0", "D+3", "D+7")
                    .allSatisfy((step, status) -> assertThat(status).isEqualTo(MessageStatus.CANCELLED));
            assertThat(statusByStep(tenant, stack.cycleId(whileOut, 0)))
                    .isEqualTo(Map.of("D-3", MessageStatus.PENDING, "D0", MessageStatus.PENDING, "D+3", MessageStatus.PENDING, "D+7", MessageStatus.PENDING));
            assertThat(stack.control(Map.of("action", "opt-in", "tenant", tenant.id(), "phone", phone)))
                    .containsEntry("messagesReactivated", 0);
        } finally {
            stack.clock.set(TUESDAY_10H);
        }
    }

    @Test
    void anUnknownTenantIsNamedWithTheKnownOnesListed() {
        Tenant tenant = stack.tenant(Map.of());
        for (Map<String, Object> event : List.<Map<String, Object>>of(
                Map.of("action", "cancel-cycle", "tenant", "ghost", "cycleId", "x"),
                Map.of("action", "tenant", "tenant", "ghost"),
                Map.of("action", "run-now", "job", MessageSender.JOB, "tenant", "ghost"))) {
            assertThatThrownBy(() -> stack.control(event)).hasMessageStartingWith("unknown tenant 'ghost'; known: ")
                    .hasMessageContaining(tenant.id());
        }
    }
}
