package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.Attr;
import io.cadencia.aws.Json;
import io.cadencia.billing.BillingConfig;
import io.cadencia.billing.MessageStatus;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.worktable.WorkTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Billing reminders in the local simulation: gives each tenant an Evolution instance on the simulator and
 * per-step templates, seeds billings (some bad, some duplicated) through the real ingest function, and counts
 * messages by status plus the simulator's duplicate sends.
 */
public final class BillingSimulation {

    /** Environment overrides that remove the ban-avoidance gap and typing delay, which only cost wall time locally. */
    public static final Map<String, String> FAST_SENDING = Map.of(
            "BILLING_SEND_MIN_GAP", "PT0S", "BILLING_SEND_MAX_GAP", "PT0S",
            "EVOLUTION_TYPING_DELAY", "PT0S", "EVOLUTION_REQUEST_TIMEOUT", "PT5S");

    /** Distinct text per step, so the simulator's duplicate detection (same instance, number and text) is exact. */
    public static final Map<String, List<String>> STEP_TEMPLATES = Map.of(
            "D-3", List.of("Olá, {nome}! Sua fatura de {valor} vence em {vencimento}. Pague: {link}",
                    "Oi, {nome}, lembrete: {valor} vence em {vencimento}. PIX: {pix}"),
            "D0", List.of("{nome}, sua fatura de {valor} vence hoje ({vencimento}). {link}",
                    "Hoje vence sua fatura de {valor}, {nome}. PIX: {pix}"),
            "D+3", List.of("{nome}, sua fatura de {valor} venceu em {vencimento}. Regularize: {link}"),
            "D+7", List.of("{nome}, a fatura de {valor} (vencimento {vencimento}) segue em aberto. {link}"));

    public record SeedStats(int tenants, int received, int created, int duplicate, int rejected, long elapsedMillis) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenants", tenants);
            m.put("received", received);
            m.put("created", created);
            m.put("duplicate", duplicate);
            m.put("rejected", rejected);
            m.put("elapsedMillis", elapsedMillis);
            return m;
        }
    }

    private BillingSimulation() {
    }

    /** Billing state of one simulation run: the Evolution simulator the tenants send through, and the seed figures. */
    public static final class Session implements AutoCloseable {
        private final LocalEnvironment env;
        private final List<Tenant> tenants;
        private final EvolutionSimulator simulator;
        private final SeedStats seeded;

        private Session(LocalEnvironment env, List<Tenant> tenants, EvolutionSimulator simulator, SeedStats seeded) {
            this.env = env;
            this.tenants = tenants;
            this.simulator = simulator;
            this.seeded = seeded;
        }

        public SeedStats seeded() {
            return seeded;
        }

        public EvolutionSimulator simulator() {
            return simulator;
        }

        /** {@code sent, failed, cancelled, pending, sending, duplicateSends, gatewayRequests} (every request the gateway got). */
        public Map<String, Integer> messageCounts() {
            return BillingSimulation.messageCounts(env, tenants, simulator);
        }

        @Override
        public void close() {
            simulator.close();
        }
    }

    /**
     * Gives every tenant an instance and step templates (every third tenant also business hours), seeds
     * {@code perTenant} billings each, opts one customer out and makes one instance fail a few sends, so the run
     * exercises rescheduling, retries and cancellation as well as plain sends.
     */
    public static Session start(LocalEnvironment env, List<Tenant> tenants, Random random, int perTenant) {
        EvolutionSimulator simulator = new EvolutionSimulator("simulation-global-key", env.clock());
        List<Tenant> configured = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            Map<String, String> settings = i % 3 == 2
                    ? Map.of(io.cadencia.billing.BillingConfig.BUSINESS_HOURS, "mon-fri 08:00-18:00; sat 08:00-12:00")
                    : Map.of();
            Tenant tenant = configure(env, tenants.get(i), simulator, settings);
            saveStepTemplates(env, tenant.id());
            configured.add(tenant);
        }
        SeedStats seeded = seed(env, configured, random, perTenant);
        if (!configured.isEmpty()) {
            control(env, Map.of("action", "opt-out", "tenant", configured.get(0).id(), "phone", BillingData.mobile(0)));
            simulator.failNextSends("inst-" + configured.get(configured.size() - 1).id(), 3);
        }
        return new Session(env, configured, simulator, seeded);
    }

    /** Gives the tenant an instance on the simulator (apikey as its tenant key) plus extra settings, and templates. */
    public static Tenant configure(LocalEnvironment env, Tenant tenant, EvolutionSimulator simulator, Map<String, String> settings) {
        String instanceName = "inst-" + tenant.id();
        String apiKey = "key-" + tenant.id();
        try {
            simulator.addInstance(instanceName, apiKey);
        } catch (IllegalStateException alreadyThere) {
            // Re-configuring a tenant keeps its instance.
        }
        env.app("ControlFunction").tenantKeys().save(tenant.tenantId(), TenantKeyKind.EVOLUTION, apiKey);
        Map<String, String> merged = new HashMap<>(tenant.settings());
        merged.put(BillingConfig.EVOLUTION_BASE_URL, simulator.baseUrl());
        merged.put(BillingConfig.EVOLUTION_INSTANCE, instanceName);
        merged.putAll(settings);
        Tenant configured = new Tenant(tenant.id(), tenant.name(), tenant.active(), tenant.endpointBaseUrl(), merged);
        env.app("ControlFunction").tenants().save(configured);
        return configured;
    }

    public static void saveStepTemplates(LocalEnvironment env, String tenantId) {
        STEP_TEMPLATES.forEach((step, variations) -> control(env, Map.of("action", "save-template", "tenant", tenantId,
                "step", step, "variations", variations)));
    }

    /**
     * Ingests {@code perTenant} billings for each tenant through the ingest function: about 5% bad data and 2%
     * repeated ids. Due dates spread from 10 days ago to 20 days ahead of {@code today}.
     */
    public static SeedStats seed(LocalEnvironment env, List<Tenant> tenants, Random random, int perTenant) {
        LocalDate today = LocalDate.now(env.clock().withZone(io.cadencia.billing.BrazilTime.ZONE));
        int received = 0;
        int created = 0;
        int duplicate = 0;
        int rejected = 0;
        long started = System.nanoTime();
        int n = 0;
        for (Tenant tenant : tenants) {
            List<Map<String, Object>> billings = new ArrayList<>();
            for (int i = 0; i < perTenant; i++, n++) {
                LocalDate due = today.plusDays(random.nextInt(31) - 10);
                String id = tenant.id() + "-bill-" + i;
                double roll = random.nextDouble();
                if (roll < 0.05) {
                    billings.add(BillingData.bad(id, n, due, random));
                } else if (roll < 0.07 && !billings.isEmpty()) {
                    billings.add(BillingData.valid((String) billings.get(random.nextInt(billings.size())).get("externalBillingId"), n, due));
                } else {
                    billings.add(BillingData.valid(id, n, due));
                }
            }
            Map<String, Object> result = ingest(env, tenant.id(), billings);
            received += ((Number) result.get("received")).intValue();
            created += ((Number) result.get("created")).intValue();
            duplicate += ((Number) result.get("duplicate")).intValue();
            rejected += ((Number) result.get("rejected")).intValue();
        }
        return new SeedStats(tenants.size(), received, created, duplicate, rejected, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Invokes the ingest function as the console would. */
    public static Map<String, Object> ingest(LocalEnvironment env, String tenantId, List<Map<String, Object>> billings) {
        return invoke(env, "BillingIngestFunction", Map.of("tenantId", tenantId, "billings", billings));
    }

    public static Map<String, Object> control(LocalEnvironment env, Map<String, Object> event) {
        return invoke(env, "ControlFunction", event);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> invoke(LocalEnvironment env, String function, Map<String, Object> event) {
        try {
            return Json.MAPPER.readValue(env.invoke(function, Json.MAPPER.writeValueAsString(event)), Map.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(function + " failed: " + e.getMessage(), e);
        }
    }

    /** Messages by status over the tenants, plus {@code duplicateSends} as the simulator counted them. */
    public static Map<String, Integer> messageCounts(LocalEnvironment env, List<Tenant> tenants, EvolutionSimulator simulator) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (MessageStatus status : List.of(MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.CANCELLED, MessageStatus.PENDING,
                MessageStatus.SENDING)) {
            counts.put(status.wire(), 0);
        }
        Cadencia app = env.app("ControlFunction");
        for (Tenant tenant : tenants) {
            for (Map<String, AttributeValue> item : app.workOf(tenant.id()).query(WorkTable.MESSAGES, Integer.MAX_VALUE)) {
                counts.merge(Attr.str(item, "status"), 1, Integer::sum);
            }
        }
        counts.put("duplicateSends", simulator.duplicateSends());
        counts.put("gatewayRequests", simulator.received().size());
        return counts;
    }
}
