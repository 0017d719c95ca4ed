package io.cadencia.alerts;

import io.cadencia.billing.BillingConfig;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.TenantScope;
import io.cadencia.whatsapp.ConnectionState;
import io.cadencia.whatsapp.EvolutionGateway;
import io.cadencia.whatsapp.EvolutionInstance;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code verificar_whatsapp} (seed 001, every 5 minutes): asks Evolution for the tenant's instance state
 * ({@code GET /instance/connectionState/{instance}}) and records it, with since when the instance has not been open,
 * for {@code verificar_alertas}' offline alert. A state other than open is what this job found, not a failure of it:
 * the run succeeds, and the alert says the rest.
 */
public final class WhatsAppCheck implements JobRunner {

    public static final String JOB = "verificar_whatsapp";

    private final Function<String, TenantScope> work;
    private final TenantKeys keys;
    private final EvolutionGateway whatsapp;
    private final Clock clock;

    public WhatsAppCheck(Function<String, TenantScope> work, TenantKeys keys, EvolutionGateway whatsapp, Clock clock) {
        this.work = work;
        this.keys = keys;
        this.whatsapp = whatsapp;
        this.clock = clock;
    }

    @Override
    public JobOutcome run(JobContext context) {
        String tenantId = context.tenant().id();
        Optional<EvolutionInstance> instance = BillingConfig.resolve(context.settings(), keys, tenantId).instance();
        TenantScope scope = work.apply(tenantId);
        if (instance.isEmpty()) {
            WhatsAppHealth.record(scope, "unconfigured", true, clock.instant());
            return JobOutcome.ok(0, "no Evolution instance configured");
        }
        ConnectionState state = whatsapp.connectionState(instance.get());
        Instant now = clock.instant();
        WhatsAppHealth.record(scope, state.describe(), state.isOpen(), now);
        return JobOutcome.ok(1, "instance " + instance.get().instanceName() + ": " + state.describe());
    }
}
