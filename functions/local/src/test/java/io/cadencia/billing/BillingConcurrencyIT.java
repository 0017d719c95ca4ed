package io.cadencia.billing;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.local.BillingData;
import io.cadencia.local.BillingSimulation;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Exactly-once delivery under concurrent workers, and after a worker dies holding a claim. */
class BillingConcurrencyIT {

    static final Instant TUESDAY_10H = Instant.parse("2026-11-24T13:00:00Z");
    static final LocalDate YESTERDAY = LocalDate.of(2026, 11, 23);

    static BillingStack stack;

    @BeforeAll
    static void start() {
        stack = BillingStack.fastSending(TUESDAY_10H, "conc");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void eightConcurrentWorkersDeliverOneThousandDueMessagesExactlyOnce() throws Exception {
        stack.clock.set(TUESDAY_10H);
        List<Tenant> tenants = new ArrayList<>();
        int n = 0;
        for (int t = 0; t < 10; t++) {
            Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
            tenants.add(tenant);
            List<Map<String, Object>> billings = new ArrayList<>();
            for (int i = 0; i < 100; i++, n++) {
                billings.add(BillingData.valid(tenant.id() + "-" + i, 100_000 + n, YESTERDAY));
            }
            assertThat(stack.ingest(tenant.id(), billings)).containsEntry("created", 100);
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Cadencia container = stack.workerContainer("conc-worker-" + w);
            Random random = new Random(w);
            workers.add(pool.submit(() -> {
                go.await();
                List<Tenant> order = new ArrayList<>(tenants);
                Collections.shuffle(order, random);
                int sent = 0;
                for (Tenant tenant : order) {
                    sent += stack.send(container, tenant.id()).succeeded();
                }
                return sent;
            }));
        }
        go.countDown();
        int reportedSent = 0;
        for (Future<Integer> worker : workers) {
            reportedSent += worker.get();
        }
        pool.shutdown();

        Set<String> instances = tenants.stream().map(stack::instanceOf).collect(Collectors.toSet());
        List<EvolutionSimulator.AcceptedMessage> accepted = stack.sim.acceptedMessages().stream()
                .filter(m -> instances.contains(m.instance())).toList();
        assertThat(reportedSent).isEqualTo(1000);
        assertThat(accepted).hasSize(1000);
        assertThat(stack.sim.duplicateSends()).isZero();
        assertThat(BillingSimulation.messageCounts(stack.env, tenants, stack.sim))
                .containsEntry("sent", 1000).containsEntry("pending", 0).containsEntry("sending", 0).containsEntry("duplicateSends", 0);
    }

    @Test
    void crashedWorkerClaimIsSentOnceAfterTheLeaseExpiresThroughTickAndQueue() {
        stack.clock.set(TUESDAY_10H);
        Tenant tenant = stack.tenant(Map.of(BillingConfig.REMINDER_PLAN, "D0"));
        Map<String, Object> ingest = stack.ingest(tenant.id(), List.of(BillingData.valid("crash-1", 900_001, YESTERDAY)));
        String phone = (String) BillingStack.result(ingest, 0).get("normalizedPhone");
        ReminderMessage message = stack.messages(tenant.id(), stack.cycleId(ingest, 0)).get(0);
        // The worker claims and its container is killed before it sends or releases anything.
        assertThat(stack.sender().claim(message, "container-killed-mid-run")).isPresent();
        Job job = stack.env.catalogue().require(MessageSender.JOB);

        stack.clock.advance(Duration.ofMinutes(1));
        stack.env.tick(job, stack.clock.instant());
        stack.env.drain(job.category());
        assertThat(stack.sentTo(phone)).isEmpty();

        stack.clock.advance(Duration.ofHours(1));
        stack.env.tick(job, stack.clock.instant());
        stack.env.drain(job.category());
        stack.clock.advance(Duration.ofMinutes(1));
        stack.env.tick(job, stack.clock.instant());
        stack.env.drain(job.category());

        assertThat(stack.sentTo(phone)).hasSize(1);
        assertThat(stack.messages(tenant.id(), stack.cycleId(ingest, 0)).get(0).status()).isEqualTo(MessageStatus.SENT);
        assertThat(stack.sim.duplicateSends()).isZero();
    }
}
