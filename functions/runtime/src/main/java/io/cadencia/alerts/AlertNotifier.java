package io.cadencia.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cadencia.aws.Json;
import io.cadencia.billing.BillingConfig;
import io.cadencia.billing.PhoneNumbers;
import io.cadencia.endpoint.EndpointJob;
import io.cadencia.observability.MetricsSink;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;
import io.cadencia.whatsapp.EvolutionGateway;
import io.cadencia.whatsapp.EvolutionInstance;
import io.cadencia.whatsapp.SendResult;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.RunStatus;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells a tenant of its incidents (seed 000: alerts go to each tenant individually): one notice per transition and
 * channel, on the channels the tenant configured. The admin's WhatsApp number ({@code alert_whatsapp}) gets the text
 * through the tenant's own instance, in the same lane as its reminders; the tenant's endpoint
 * ({@code alert_endpoint}, default on) gets a signed POST at the {@code verificar_alertas} path of the catalogue. An
 * instance that is offline is never asked to carry its own offline alert: that one goes to the endpoint only.
 *
 * <p>A notice that could not be delivered stays due and is tried again by the next run (30 minutes later), until
 * {@link #NOTICE_LIFETIME} after its transition. Delivery is at least once: the send comes before the mark, so a run
 * that dies between the two repeats the notice; the endpoint's {@code Idempotency-Key} is then the same.
 */
public final class AlertNotifier {

    /** Past this, a notice still undelivered is stale news and is dropped. */
    static final Duration NOTICE_LIFETIME = Duration.ofHours(24);

    private final EndpointJob endpoint;
    private final EvolutionGateway whatsapp;
    private final TenantKeys keys;
    private final MetricsSink metrics;
    private final Clock clock;
    private final ZoneId zone;

    public AlertNotifier(EndpointJob endpoint, EvolutionGateway whatsapp, TenantKeys keys, MetricsSink metrics, Clock clock, ZoneId zone) {
        this.endpoint = endpoint;
        this.whatsapp = whatsapp;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
        this.zone = zone;
    }

    /** Delivers what the channels have not been told of yet; returns what happened, for the run's detail. */
    public String deliver(JobContext context, IncidentStore store, Incident incident) {
        if (Duration.between(incident.changedAt(), clock.instant()).compareTo(NOTICE_LIFETIME) > 0) {
            return "";
        }
        List<String> notes = new ArrayList<>();
        for (Incident.Channel channel : channels(context, incident.alert())) {
            if (!incident.unnotified(channel)) {
                continue;
            }
            Optional<String> failure = switch (channel) {
                case WHATSAPP -> toWhatsApp(context, incident);
                case ENDPOINT -> toEndpoint(context, incident);
            };
            String name = channel.name().toLowerCase(Locale.ROOT);
            if (failure.isEmpty()) {
                store.markNotified(incident.alert(), incident.subject(), channel, incident.version());
                metrics.count("AlertNotices", Map.of("channel", name));
                notes.add(name + " told");
            } else {
                metrics.count("AlertNoticesFailed", Map.of("channel", name));
                notes.add(name + " pending (" + failure.get() + ")");
            }
        }
        return String.join(", ", notes);
    }

    private static List<Incident.Channel> channels(JobContext context, Alert alert) {
        List<Incident.Channel> channels = new ArrayList<>();
        Settings settings = context.settings();
        if (alert != Alert.WHATSAPP_OFFLINE && settings.find(KnownSettings.ALERT_WHATSAPP).isPresent()) {
            channels.add(Incident.Channel.WHATSAPP);
        }
        Tenant tenant = context.tenant();
        boolean endpointWanted = settings.find(KnownSettings.ALERT_ENDPOINT).flatMap(KnownSettings::flag).orElse(true);
        if (endpointWanted && tenant.endpointBaseUrl() != null && !tenant.endpointBaseUrl().isBlank()) {
            channels.add(Incident.Channel.ENDPOINT);
        }
        return channels;
    }

    /** Empty when sent; otherwise why not. */
    private Optional<String> toWhatsApp(JobContext context, Incident incident) {
        String tenantId = context.tenant().id();
        Optional<EvolutionInstance> instance = BillingConfig.resolve(context.settings(), keys, tenantId).instance();
        if (instance.isEmpty()) {
            return Optional.of("no Evolution instance configured");
        }
        // The setting was checked when saved, and Settings skips a stored value that fails the check.
        String digits = PhoneNumbers.normalize(context.settings().get(KnownSettings.ALERT_WHATSAPP)).value().substring(1);
        return switch (whatsapp.sendText(instance.get(), digits, AlertText.notice(incident, zone))) {
            case SendResult.Sent _ -> Optional.empty();
            case SendResult.PermanentFailure f -> Optional.of(f.reason());
            case SendResult.TemporaryFailure f -> Optional.of(f.reason());
            case SendResult.InstanceRejected r -> Optional.of(r.reason());
            // Maybe delivered: sent again next run rather than lost, as a notice is worth a rare duplicate.
            case SendResult.Unconfirmed u -> Optional.of(u.reason());
        };
    }

    private Optional<String> toEndpoint(JobContext context, Incident incident) {
        Tenant tenant = context.tenant();
        JobOutcome outcome = endpoint.post(tenant, context.job().endpoint(), context.job().name(), body(context, incident),
                idempotencyKey(incident), context.deadline(), clock);
        return outcome.result() == RunStatus.SUCCEEDED ? Optional.empty() : Optional.of(outcome.detail());
    }

    private String body(JobContext context, Incident incident) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", context.job().name());
        body.put("category", context.job().category());
        body.put("tenantId", context.tenant().id());
        body.put("alert", incident.alert().wire());
        body.put("state", incident.state().name().toLowerCase(Locale.ROOT));
        body.put("incident", incident.version());
        body.put("openedAt", incident.openedAt().toString());
        incident.resolvedAt().ifPresent(at -> body.put("resolvedAt", at.toString()));
        body.put("detail", incident.detail());
        body.put("message", AlertText.notice(incident, zone));
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same for every try of one transition, different for every other: a tenant drops what it already has. */
    private static String idempotencyKey(Incident incident) {
        return UUID.nameUUIDFromBytes(String.join("\n", "alert", incident.subject(), incident.alert().wire(),
                Long.toString(incident.version())).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
