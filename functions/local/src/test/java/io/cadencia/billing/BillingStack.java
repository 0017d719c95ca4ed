package io.cadencia.billing;

import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.Trigger;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.local.BillingSimulation;
import io.cadencia.local.LocalEnvironment;
import io.cadencia.local.SimulatedClock;
import io.cadencia.local.evolution.EvolutionSimulator;
import io.cadencia.tenant.Tenant;
import io.cadencia.tenant.TenantId;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The embedded stack plus an Evolution simulator, with helpers to create billing tenants, ingest and run the sender. */
final class BillingStack implements AutoCloseable {

    final SimulatedClock clock;
    final LocalEnvironment env;
    final EvolutionSimulator sim;
    private final String prefix;
    private final AtomicInteger tenants = new AtomicInteger();

    private BillingStack(Instant start, String prefix, Map<String, String> overrides) {
        this.clock = new SimulatedClock(start, Cadencia.ZONE);
        this.env = LocalEnvironment.start(clock, overrides);
        this.sim = new EvolutionSimulator("global-key", clock);
        this.prefix = prefix;
    }

    /** Production settings: the template's send gaps, typing delay and timeouts, paced on the simulated clock. */
    static BillingStack productionPacing(Instant start, String prefix) {
        return new BillingStack(start, prefix, Map.of());
    }

    /**
     * No send gap or typing delay: for tests about claims, states and texts rather than pacing, whose single calls
     * of the sender would otherwise stop at the deadline after a dozen sends.
     */
    static BillingStack fastSending(Instant start, String prefix) {
        return new BillingStack(start, prefix, BillingSimulation.FAST_SENDING);
    }

    /** A fresh active tenant with its own instance on the simulator and the given settings. */
    Tenant tenant(Map<String, String> settings) {
        String id = prefix + "-" + tenants.incrementAndGet();
        Tenant tenant = new Tenant(id, "Provedor " + id, true, env.tenantApp().baseUrlFor(id), Map.of());
        env.addTenant(tenant);
        return BillingSimulation.configure(env, tenant, sim, settings);
    }

    String instanceOf(Tenant tenant) {
        return "inst-" + tenant.id();
    }

    Map<String, Object> ingest(String tenantId, List<Map<String, Object>> billings) {
        return BillingSimulation.ingest(env, tenantId, billings);
    }

    /** A Function URL request's headers carrying a new API key of the tenant, as an ISP's system sends them. */
    Map<String, Object> keyHeaders(Tenant tenant) {
        return Map.of("authorization", "Bearer " + control(Map.of("action", "api-key-create", "tenant", tenant.id())).get("key"));
    }

    Map<String, Object> control(Map<String, Object> event) {
        return BillingSimulation.control(env, event);
    }

    Billing billing() {
        return env.app("ControlFunction").billing();
    }

    MessageSender sender() {
        return sender(env.app("CriticoWorkerFunction"));
    }

    /** A separate composition root: one more Lambda container running the critico worker. */
    Cadencia workerContainer(String id) {
        return new Cadencia(env.deployment().function("CriticoWorkerFunction").config(), env.aws().clients(), clock, env.metrics(), id);
    }

    static MessageSender sender(Cadencia app) {
        return (MessageSender) app.registry().runnerFor(MessageSender.JOB);
    }

    JobOutcome send(String tenantId) {
        return send(env.app("CriticoWorkerFunction"), tenantId);
    }

    JobOutcome send(Cadencia app, String tenantId) {
        Tenant tenant = app.tenants().find(tenantId).orElseThrow();
        Job job = app.catalogue().require(MessageSender.JOB);
        WorkMessage work = new WorkMessage(job.name(), job.category(), TenantId.of(tenantId), clock.instant(), job.endpoint(), Trigger.MANUAL);
        try {
            return sender(app).run(new JobContext(job, work, tenant, app.tenants().settingsOf(tenant), clock, app.instanceId()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    MessageSender.Prepared prepared(String tenantId) {
        Cadencia app = env.app("CriticoWorkerFunction");
        Tenant tenant = app.tenants().find(tenantId).orElseThrow();
        return sender().prepare(tenantId, app.tenants().settingsOf(tenant));
    }

    String cycleId(Map<String, Object> ingestResult, int index) {
        return (String) result(ingestResult, index).get("cycleId");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> ingestResult, int index) {
        return ((List<Map<String, Object>>) ingestResult.get("results")).get(index);
    }

    List<ReminderMessage> messages(String tenantId, String cycleId) {
        return billing().messages().ofCycle(tenantId, cycleId);
    }

    List<EvolutionSimulator.AcceptedMessage> sentTo(String e164) {
        return sim.acceptedMessages().stream().filter(m -> m.number().equals(e164.substring(1))).toList();
    }

    @Override
    public void close() {
        sim.close();
        env.close();
    }
}
