package io.cadencia.billing;

import io.cadencia.catalogue.Job;
import io.cadencia.local.BillingData;
import io.cadencia.local.evolution.EvolutionSimulator.AcceptedMessage;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Tenant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Due-driven dispatch of the critical sender on the real engines (DynamoDB Local, ElasticMQ): a tick wakes only the
 * tenants with something due, and a message made due while ticks dispatch and drain goes out at the latest on the
 * tick after.
 */
class DueDispatchIT {

    /** Tuesday 2026-11-24 09:00 in São Paulo. */
    /** 09:01 in São Paulo: not a sweep minute (see Dispatcher.SWEEP_EVERY), so a tick wakes only whom the index names. */
    static final Instant NINE = Instant.parse("2026-11-24T12:01:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final Map<String, String> SETTINGS = Map.of(BillingConfig.REMINDER_PLAN, "D0", KnownSettings.SEND_TIME, "08:00");

    @Test
    @SuppressWarnings("unchecked")
    void aTickWithNothingDueWritesNothingAndOtherJobsStillWakeEveryTenant() {
        try (BillingStack stack = BillingStack.fastSending(NINE, "idle")) {
            Tenant later = stack.tenant(SETTINGS);
            stack.tenant(SETTINGS);
            stack.ingest(later.id(), List.of(BillingData.valid("later-1", 1, TODAY.plusDays(2))));
            Job sender = stack.env.catalogue().require(MessageSender.JOB);

            Map<String, Object> idle = stack.env.tick(sender, NINE);
            assertThat(idle).containsEntry("status", "NO_TENANTS").containsEntry("messages", 0);
            assertThat(stack.env.drain("critico").messages()).as("the queue got nothing").isZero();
            assertThat(stack.env.app("ControlFunction").runs().lastDispatch(MessageSender.JOB)).as("no tick claim or record").isEmpty();
            assertThat(stack.env.app("ControlFunction").runs().byJob(MessageSender.JOB, 10)).as("no run").isEmpty();

            Instant due = NINE.plus(Duration.ofDays(2)).minus(Duration.ofHours(1));
            stack.clock.set(due);
            assertThat(stack.env.tick(sender, due)).containsEntry("status", "DISPATCHED").containsEntry("tenants", 1);
            stack.env.drain("critico");
            assertThat(stack.sim.sentCount()).isOne();
            Instant next = due.plus(Duration.ofMinutes(1));
            stack.clock.set(next);
            assertThat(stack.env.tick(sender, next)).as("nothing left due after the run").containsEntry("status", "NO_TENANTS");

            Job other = stack.env.catalogue().require("verificar_whatsapp");
            assertThat(stack.env.tick(other, next)).containsEntry("status", "DISPATCHED").containsEntry("tenants", 2);
        }
    }

    /** A message made due at {@code due}, once its write had returned at {@code written}. */
    record Made(String phone, Instant due, Instant written) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMessageMadeDueWhileTicksRunGoesOutAtTheLatestOnTheTickAfter() throws Exception {
        try (BillingStack stack = BillingStack.fastSending(NINE, "race")) {
            List<Tenant> tenants = List.of(stack.tenant(SETTINGS), stack.tenant(SETTINGS), stack.tenant(SETTINGS));
            ReminderMessages messages = stack.billing().messages();
            AtomicInteger numbers = new AtomicInteger();
            // Messages for three days ahead, which the reschedulers bring forward to "now" while ticks run.
            ConcurrentLinkedQueue<String[]> future = new ConcurrentLinkedQueue<>();
            for (Tenant tenant : tenants) {
                List<Map<String, Object>> billings = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    billings.add(BillingData.valid("future-" + numbers.incrementAndGet(), numbers.get(), TODAY.plusDays(3)));
                }
                for (Map<String, Object> result : (List<Map<String, Object>>) stack.ingest(tenant.id(), billings).get("results")) {
                    future.add(new String[]{tenant.id(), (String) result.get("cycleId")});
                }
            }
            Job job = stack.env.catalogue().require(MessageSender.JOB);
            Map<String, Made> made = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            // Each tick lets the writers make 30 messages due, well under a run's 100 per tenant, so that any message
            // late past the tick after is a lost wake, not a full run.
            Semaphore permits = new Semaphore(0);
            ExecutorService writers = Executors.newFixedThreadPool(6);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                running.add(writers.submit(() -> {
                    while (!stop.get()) {
                        if (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        Tenant tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
                        int n = numbers.incrementAndGet();
                        Map<String, Object> billing = BillingData.valid("now-" + n, n, TODAY);
                        Map<String, Object> result = ((List<Map<String, Object>>) stack.ingest(tenant.id(), List.of(billing)).get("results")).getFirst();
                        assertThat(result).containsEntry("status", "created");
                        Instant written = stack.clock.instant();
                        String phone = digits((String) result.get("normalizedPhone"));
                        made.put(phone, new Made(phone, written, written));
                        pause();
                    }
                    return null;
                }));
            }
            for (int w = 0; w < 2; w++) {
                running.add(writers.submit(() -> {
                    while (!stop.get()) {
                        if (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        String[] next = future.poll();
                        if (next == null) {
                            return null;
                        }
                        ReminderMessage m = messages.find(next[0], next[1], "D0").orElseThrow();
                        Instant due = stack.clock.instant();
                        assertThat(messages.reschedule(m, due)).isTrue();
                        made.put(digits(m.phone()), new Made(digits(m.phone()), due, stack.clock.instant()));
                        pause();
                    }
                    return null;
                }));
            }
            Instant tick = NINE;
            for (int minute = 0; minute < 20; minute++, tick = tick.plus(Duration.ofMinutes(1))) {
                stack.clock.set(tick);
                permits.release(30);
                Thread.sleep(100);
                stack.env.tick(job, tick);
                stack.env.drain("critico");
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            writers.shutdown();
            for (int extra = 0; extra < 2; extra++, tick = tick.plus(Duration.ofMinutes(1))) {
                stack.clock.set(tick);
                stack.env.tick(job, tick);
                stack.env.drain("critico");
            }

            Map<String, AcceptedMessage> sent = stack.sim.acceptedMessages().stream()
                    .collect(Collectors.toMap(a -> digits(a.number()), Function.identity()));
            System.out.printf("due-driven race: %d messages made due during 20 ticks, %d sent, %d duplicate sends%n",
                    made.size(), sent.size(), stack.sim.duplicateSends());
            assertThat(made.size()).isGreaterThan(300);
            assertThat(stack.sim.duplicateSends()).isZero();
            assertThat(made.values()).allSatisfy(m -> {
                AcceptedMessage out = sent.get(m.phone());
                assertThat(out).as("sent: %s", m).isNotNull();
                Instant latest = (m.written().isAfter(m.due()) ? m.written() : m.due()).plus(Duration.ofMinutes(1));
                assertThat(out.acceptedAt()).as("by the tick after it became due: %s", m).isBeforeOrEqualTo(latest);
            });
            for (Tenant tenant : tenants) {
                assertThat(messages.pendingCount(tenant.id(), tick)).isZero();
            }
            assertThat(stack.env.tick(job, tick)).as("all drained and settled").containsEntry("status", "NO_TENANTS");
        }
    }

    private static String digits(String phone) {
        return phone.replaceAll("\\D", "");
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(5, 30));
    }
}
