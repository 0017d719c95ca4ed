package io.cadencia.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cadencia.local.BillingData;
import io.cadencia.tenant.Tenant;
import io.cadencia.whatsapp.EvolutionClient;
import io.cadencia.whatsapp.EvolutionInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone drops in the middle of a send run while Evolution reconnects by itself: Evolution answers the numbers it
 * already checked with 400 ["Error: Connection Closed"]. Those reminders wait for the next run, none is failed.
 */
class EvolutionReconnectIT {

    static final Instant TUESDAY_10H = Instant.parse("2026-11-24T13:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    static BillingStack stack;

    @BeforeAll
    static void start() {
        stack = BillingStack.fastSending(TUESDAY_10H, "recon");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aReconnectMidRunLeavesTheRemainingMessagesPendingNotFailed() {
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        List<Map<String, Object>> billings = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (int customer = 9_500; customer < 9_506; customer++) {
            billings.add(BillingData.valid("recon-" + customer, customer, TODAY.minusDays(1)));
            numbers.add(BillingData.e164(customer).substring(1));
        }
        Map<String, Object> ingested = stack.ingest(tenant.id(), billings);
        // Every number was checked before (a previous reminder), so Evolution has them in its onWhatsapp cache.
        new EvolutionClient(new ObjectMapper()).whatsappNumbers(
                new EvolutionInstance(stack.sim.baseUrl(), stack.instanceOf(tenant), "global-key"), numbers);
        stack.sim.dropConnectionAfterSends(stack.instanceOf(tenant), 2);

        stack.send(tenant.id());

        List<ReminderMessage> messages = new ArrayList<>();
        for (int i = 0; i < billings.size(); i++) {
            messages.addAll(stack.messages(tenant.id(), stack.cycleId(ingested, i)));
        }
        assertThat(stack.sim.sentCount()).isEqualTo(2);
        assertThat(messages).extracting(ReminderMessage::status)
                .containsOnly(MessageStatus.SENT, MessageStatus.PENDING)
                .filteredOn(MessageStatus.PENDING::equals).hasSize(4);
    }
}
