package io.cadencia.local.hubsoft;

import io.cadencia.app.Cadencia;
import io.cadencia.app.InstanceId;
import io.cadencia.aws.Attr;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.hubsoft.HubSoft;
import io.cadencia.hubsoft.HubSoftConfig;
import io.cadencia.hubsoft.HubSoftTicketSync;
import io.cadencia.hubsoft.Priority;
import io.cadencia.local.LocalEnvironment;
import io.cadencia.local.SimulatedClock;
import io.cadencia.observability.InMemoryMetricsSink;
import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantScope;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seed 003's typical day, run twice against the HubSoft simulator with 10 concurrent workers: once with the naive
 * client (seed 003's "before") and once with Cadência's integration (10 containers sharing DynamoDB Local and the
 * Secrets Manager fake). Time is a {@link SimulatedClock}: rate-limit waits and Retry-After move it, so the day takes
 * seconds. Requests are counted by the simulator; its 30/min limit answers 429.
 *
 * <p>The day (seed 003 gives the volumes; the mix of the 20 "mixed operations" and the times are this benchmark's):
 * 03:00 daily checkup of 100 clients; 50 client checks every 12 min from 08:00 on 35 distinct clients; syncs of 15
 * tracked tickets at 09:00, 13:00 and 17:00; 20 mixed operations: 10 invoice checks before reminders at 09:30,
 * 5 full client lookups by support at 11:00 and 15:00, 5 ticket creations at 10:00 and 14:00.
 *
 * <p>A client check is seed 003's "verificação de cliente": the naive client calls get_client_data and
 * check_contract_status (2 requests, seed 003's "before"); Cadência asks {@code clientInfo(document, full=false)}
 * (contract status, 4 h TTL), as seed 003's "after" does for status. If every check needed the full record
 * (30 min TTL) instead, Cadência's count rises to about 37 (88 % fewer): measured, not the default scenario.
 */
public final class HubSoftBench {

    private static final int WORKERS = 10;
    private static final int CLIENTS = 100;
    private static final String TENANT = "bench-isp";

    private record Task(Instant at, String name, Op naive, Op cadencia) {
    }

    @FunctionalInterface
    private interface Op {
        void run(int worker) throws Exception;
    }

    private record Outcome(int requests, int rejected, int maxPerMinute, Map<String, Integer> byEndpoint) {
    }

    public static void main(String[] args) throws Exception {
        Outcome naive = run(false);
        Outcome cadencia = run(true);
        System.out.println("naive:    " + naive.byEndpoint() + " max/min=" + naive.maxPerMinute() + " 429s=" + naive.rejected());
        System.out.println("cadencia: " + cadencia.byEndpoint() + " max/min=" + cadencia.maxPerMinute() + " 429s=" + cadencia.rejected());
        long reduction = Math.round(100.0 * (naive.requests() - cadencia.requests()) / naive.requests());
        System.out.println("hubsoft requests: naive=" + naive.requests() + " cadencia=" + cadencia.requests()
                + " reduction=" + reduction + "% 429s=" + cadencia.rejected());
    }

    private static Outcome run(boolean cadencia) throws Exception {
        Instant midnight = LocalDateTime.of(2026, 11, 23, 0, 0).atZone(Cadencia.ZONE).toInstant();
        SimulatedClock clock = new SimulatedClock(midnight, Cadencia.ZONE);
        SimulatedSleeper sleeper = new SimulatedSleeper(clock);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
        try (HubSoftSimulator sim = new HubSoftSimulator(clock, new HubSoftSimulator.Credentials("3", "bench-secret", "bot@isp.com.br", "bench-pass"), 30);
             LocalEnvironment env = cadencia ? LocalEnvironment.start(clock) : null) {
            seed(sim);
            List<HubSoft> containers = new ArrayList<>();
            List<NaiveHubSoftClient> naives = new ArrayList<>();
            InMemoryMetricsSink metrics = new InMemoryMetricsSink();
            if (cadencia) {
                var aws = env.aws().clients();
                env.app("ControlFunction").tenantKeys().save(TenantId.of(TENANT), TenantKeyKind.HUBSOFT, sim.credentialsJson());
                for (int i = 0; i < 15; i++) {
                    TenantScope work = env.app("ControlFunction").workOf(TENANT);
                    Map<String, AttributeValue> item = new HashMap<>(work.key(WorkTable.ticket(1000 + i)));
                    item.put("hubsoftStatus", Attr.s("pendente"));
                    work.put(PutItemRequest.builder().item(item).build());
                }
                for (int w = 0; w < WORKERS; w++) {
                    TenantKeys keys = TenantKeys.forContainer(aws.dynamo(), aws.kms(), env.app("ControlFunction").settings(), clock);
                    containers.add(HubSoft.create(HubSoftConfig.defaults(), aws.dynamo(), aws.secrets(), io.cadencia.secrets.SecretNames.DEFAULT, keys,
                            env.app("ControlFunction").config().sharedTable(), http, clock, metrics, sleeper, InstanceId.of("bench-" + w)));
                }
            } else {
                for (int w = 0; w < WORKERS; w++) {
                    naives.add(new NaiveHubSoftClient(http, sim.credentialsJson(), sleeper));
                }
            }
            List<Task> day = day(midnight, containers, naives, env);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            try {
                Map<Instant, List<Task>> phases = new TreeMap<>();
                day.forEach(t -> phases.computeIfAbsent(t.at(), k -> new ArrayList<>()).add(t));
                for (Map.Entry<Instant, List<Task>> phase : phases.entrySet()) {
                    synchronized (clock) {
                        if (clock.instant().isBefore(phase.getKey())) {
                            clock.set(phase.getKey());
                        }
                    }
                    List<Future<?>> running = new ArrayList<>();
                    List<Task> tasks = phase.getValue();
                    for (int w = 0; w < WORKERS; w++) {
                        int worker = w;
                        running.add(pool.submit(() -> {
                            for (int i = worker; i < tasks.size(); i += WORKERS) {
                                Task task = tasks.get(i);
                                (cadencia ? task.cadencia() : task.naive()).run(worker);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : running) {
                        f.get();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            return new Outcome(sim.totalRequests(), sim.rejectedCount(), sim.maxRequestsInAnyMinute(), sim.requestCounts());
        }
    }

    private static String document(int i) {
        return String.format("%011d", 40_000_000_000L + i);
    }

    private static void seed(HubSoftSimulator sim) {
        for (int i = 0; i < CLIENTS; i++) {
            String status = i % 17 == 5 ? "suspenso_debito" : i % 41 == 9 ? "cancelado" : "servico_habilitado";
            sim.addClient(document(i), "Cliente " + i, "379882429" + String.format("%02d", i), status);
            sim.addInvoice(document(i), 700 + i, new BigDecimal("119.90"), LocalDate.of(2026, 11, 25), i % 3 == 0 ? LocalDate.of(2026, 11, 20) : null);
        }
        for (int i = 0; i < 60; i++) {
            sim.addTicket(1000 + i, i % 4 == 0 ? "finalizado" : "pendente");
        }
    }

    private static List<Task> day(Instant midnight, List<HubSoft> containers, List<NaiveHubSoftClient> naives, LocalEnvironment env) {
        List<Task> day = new ArrayList<>();
        // 03:00 daily checkup of 100 clients: one job for Cadência; the naive checkup asks per client, 10 workers.
        List<String> all = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            all.add(document(i));
        }
        Instant checkup = midnight.plus(Duration.ofHours(3));
        day.add(new Task(checkup, "checkup", w -> {
        }, w -> containers.get(w).contractStatuses(TENANT, all, Priority.LOW)));
        for (int i = 0; i < CLIENTS; i++) {
            String doc = all.get(i);
            day.add(new Task(checkup, "checkup-naive", w -> naives.get(w).contractStatus(doc), w -> {
            }));
        }
        // 50 client checks, data + status, every 12 minutes from 08:00, on 35 distinct clients.
        for (int i = 0; i < 50; i++) {
            String doc = document((i * 7) % 35);
            day.add(new Task(midnight.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(12L * i)), "check",
                    w -> {
                        naives.get(w).clientData(doc);
                        naives.get(w).contractStatus(doc);
                    },
                    w -> containers.get(w).clientInfo(TENANT, doc, false, Priority.HIGH)));
        }
        // 3 syncs of 15 tracked tickets.
        for (int hour : new int[]{9, 13, 17}) {
            Instant at = midnight.plus(Duration.ofHours(hour));
            day.add(new Task(at, "sync", w -> {
                for (int t = 0; t < 15; t++) {
                    naives.get(w).ticket(1000 + t);
                }
            }, w -> sync(containers.get(w), env, at)));
        }
        // 20 mixed operations.
        for (int i = 0; i < 10; i++) {
            String doc = document(60 + i);
            day.add(new Task(midnight.plus(Duration.ofMinutes(9 * 60 + 30)), "invoice", w -> naives.get(w).invoices(doc),
                    w -> containers.get(w).invoices(TENANT, doc, LocalDate.of(2026, 11, 10), Priority.HIGH)));
        }
        for (int i = 0; i < 5; i++) {
            String doc = document(80 + i);
            Instant at = midnight.plus(Duration.ofHours(i < 3 ? 11 : 15));
            day.add(new Task(at, "full", w -> {
                naives.get(w).clientData(doc);
                naives.get(w).contractStatus(doc);
            }, w -> containers.get(w).clientInfo(TENANT, doc, true, Priority.HIGH)));
        }
        for (int i = 0; i < 5; i++) {
            long service = 5001 + i;
            Instant at = midnight.plus(Duration.ofHours(i < 3 ? 10 : 14));
            day.add(new Task(at, "create", w -> naives.get(w).createTicket(service, "Sem conexão"),
                    w -> containers.get(w).client().createTicket(TENANT, service, "Sem conexão", "Cliente", "37988242968")));
        }
        return day;
    }

    /** The real sync job (the one sincronizar_briefing runs) for the benchmark tenant. */
    private static void sync(HubSoft hubsoft, LocalEnvironment env, Instant at) throws Exception {
        Cadencia app = env.app("ControlFunction");
        Job job = app.catalogue().require("sincronizar_briefing");
        JobContext context = new JobContext(job, new WorkMessage(job.name(), job.category(), TenantId.of(TENANT), at, job.endpoint(), Trigger.SCHEDULE),
                new Tenant(TENANT, "Bench ISP", true, null, Map.of()), new Settings(Map.of(), Map.of()), app.clock(), "bench");
        JobOutcome outcome = new HubSoftTicketSync(hubsoft, app::workOf, app.metrics()).run(context);
        if (outcome.failed() > 0) {
            throw new IllegalStateException("sync failed: " + outcome.detail());
        }
    }
}
