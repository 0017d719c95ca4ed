package io.cadencia.billing;

import io.cadencia.aws.Attr;
import io.cadencia.aws.Json;
import io.cadencia.billing.template.TemplateCatalog;
import io.cadencia.billing.template.TemplateValues;
import io.cadencia.claim.Claim;
import io.cadencia.config.FunctionSettings;
import io.cadencia.hubsoft.HubSoft;
import io.cadencia.hubsoft.InvoiceStatusChecker;
import io.cadencia.observability.MetricsSink;
import io.cadencia.retry.Jitter;
import io.cadencia.retry.RetryPolicy;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.Settings;
import io.cadencia.whatsapp.ConnectionState;
import io.cadencia.whatsapp.EvolutionClient;
import io.cadencia.whatsapp.EvolutionGateway;
import io.cadencia.whatsapp.EvolutionInstance;
import io.cadencia.whatsapp.InstanceGuard;
import io.cadencia.whatsapp.SendResult;
import io.cadencia.whatsapp.SentLookup;
import io.cadencia.retry.Sleeper;
import io.cadencia.work.Deadline;
import io.cadencia.work.JobContext;
import io.cadencia.work.JobOutcome;
import io.cadencia.work.JobRunner;
import dev.failsafe.CircuitBreaker;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code processar_mensagens_agendadas}: per tenant and run, recovers messages stuck in sending (edge case 7), then
 * claims at most {@value #MAX_PER_RUN} due messages one by one (conditional claim with lease and version: edge case
 * 2), re-checks each right before the HTTP call (edge case 8), sends through the instance's guard and records the
 * outcome. Temporary failures go back to pending with exponential backoff; permanent ones fail with the reason.
 *
 * <p><b>Deadline.</b> The run stops taking messages when the invocation's time left cannot cover one more send
 * (the longest send gap plus the HTTP timeout, plus a margin); what is left stays pending for the next tick. At
 * production pacing (1–3 s gap, 1.2 s typing) a 60 s invocation sends about a dozen messages per tenant.
 *
 * <p><b>A send whose outcome is unknown is never repeated blindly.</b> Right before the HTTP call the message is
 * marked with the send time and the hash of its text ({@link ReminderMessages#beginSend}). If the call then times out
 * or the connection drops mid-response, or the worker dies and its lease expires with that mark set, the message
 * becomes {@code unconfirmed}. A later run asks the gateway's own message store ({@code findMessages}) for an
 * outgoing message with that text to that number around that time: found means sent (its id is recorded); a clear
 * "not there", once the gateway has had time to finish the send, means it never went out and it is pending again;
 * no answer means ask again later, and after {@code BILLING_UNCONFIRMED_GIVE_UP} (default a day) it is failed as
 * "outcome unknown", never resent. A worker that died before marking the send leaves nothing ambiguous: pending.
 *
 * <p>For a tenant with HubSoft credentials, each claimed message's invoice is checked in HubSoft first (cache-first,
 * issue #4 item 7): a paid invoice ends the cycle as paid, like the {@code mark-paid} control, and nothing is sent.
 * When HubSoft fails and nothing is cached the reminder is sent anyway (metric {@code HubSoftInvoiceCheckUnavailable}):
 * an outage of the ISP's ERP must not stop its collection ruler, and a reminder for a bill paid minutes ago is the
 * lesser harm.
 *
 * <p>A gateway that refuses the tenant's instance (apikey rejected, unknown instance) or a tenant without an
 * instance is a failed run with the reason and a metric ({@code EvolutionMisconfigured}); its messages stay pending.
 */
public final class MessageSender implements JobRunner {

    public static final String JOB = "processar_mensagens_agendadas";
    public static final int MAX_PER_RUN = 100;
    /** Recording the outcome of the last send after it returns. */
    private static final Duration SEND_MARGIN = Duration.ofSeconds(2);
    /** Our clock and the gateway's may disagree a little on when the send happened. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration UNCONFIRMED_RECHECK = Duration.ofMinutes(5);

    private static final Logger LOG = LogManager.getLogger(MessageSender.class);
    private static final RandomGenerator RANDOM = Jitter.SHARED;

    /** What one delivery attempt ended as. */
    public enum Delivery { SENT, FAILED, RETRY, CANCELLED, LOST, UNCONFIRMED, REJECTED }

    /** Per-run state: resolved settings, templates and the instance; built once, used for every message. */
    public record Prepared(String tenantId, BillingConfig config, TemplateCatalog templates) {
    }

    private final Cycles cycles;
    private final Contacts contacts;
    private final ReminderMessages messages;
    private final Templates templates;
    private final EvolutionClient gateway;
    private final InstanceGuard guard;
    private final TenantKeys keys;
    private final Supplier<HubSoft> hubsoft;
    private final MetricsSink metrics;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Duration retryBase;
    private final Duration retryMax;
    /** The most one send can take: the longest gap before it plus the HTTP timeout (which covers the typing delay). */
    private final Duration perSend;
    /** How long after a send started the gateway has certainly finished it (timeout, typing, storing). */
    private final Duration settle;
    private final Duration unconfirmedGiveUp;
    /** An average send at these settings: the mean gap plus the typing delay. */
    private final Duration averageSend;

    /**
     * @param hubsoft the container's HubSoft integration, built on first use: tenants without HubSoft never make a call
     * @param sleeper how the gap between one instance's sends is taken
     */
    public MessageSender(Billing billing, TenantKeys keys, Supplier<HubSoft> hubsoft, MetricsSink metrics, Clock clock,
                         Sleeper sleeper, FunctionSettings.Sending sending) {
        this.cycles = billing.cycles();
        this.contacts = billing.contacts();
        this.messages = billing.messages();
        this.templates = billing.templates();
        EvolutionClient client = new EvolutionClient(Json.MAPPER, new EvolutionClient.Settings(Duration.ofSeconds(3),
                sending.requestTimeout(), sending.typingDelay()));
        this.gateway = client;
        // The gap between one instance's sends is ban avoidance; only an explicit --fast-sending drops it.
        this.guard = new InstanceGuard(client, new InstanceGuard.Settings(sending.breakerFailures(), sending.breakerOpen(), 1,
                sending.minGap(), sending.maxGap()), clock, RANDOM, sleeper);
        this.keys = keys;
        this.hubsoft = hubsoft;
        this.metrics = metrics;
        this.clock = clock;
        this.stuckAfter = sending.stuckAfter();
        this.retryBase = sending.retryBase();
        this.retryMax = sending.retryMax();
        this.perSend = sending.maxGap().plus(sending.requestTimeout()).plus(SEND_MARGIN);
        this.settle = sending.requestTimeout().plus(Duration.ofMinutes(1));
        this.unconfirmedGiveUp = sending.unconfirmedGiveUp();
        this.averageSend = sending.minGap().plus(sending.maxGap()).dividedBy(2).plus(sending.typingDelay());
    }

    /**
     * Sends one run can make at these settings inside the template's 60 s worker Timeout: the time left once the
     * worker's reserve and the last send's full budget are set aside, spent at the average send.
     */
    public double plannedSendsPerRun() {
        Duration usable = JobContext.DEFAULT_BUDGET.minusSeconds(3).minus(perSend);
        return averageSend.isZero() ? MAX_PER_RUN : Math.min(MAX_PER_RUN, 1 + usable.toMillis() / (double) averageSend.toMillis());
    }

    /**
     * The tenants' instances as other built-in jobs reach them: a send goes through the same per-instance lane, gap
     * and circuit breaker as the reminders, so nothing else sent from a tenant's number breaks its pacing.
     */
    public EvolutionGateway whatsapp() {
        return new EvolutionGateway() {
            @Override
            public SendResult sendText(EvolutionInstance instance, String numberDigits, String text) {
                return guard.send(instance, numberDigits, text);
            }

            @Override
            public ConnectionState connectionState(EvolutionInstance instance) {
                return gateway.connectionState(instance);
            }
        };
    }

    /** Every message is claimed before it is sent, so a second run for the same tick sends nothing twice. */
    @Override
    public boolean claimsItsOwnItems() {
        return true;
    }

    /**
     * Sends, then settles the tenant's wake to what is left due, so the dispatcher wakes it again only then. A run that
     * throws settles nothing: its wake, due now, brings the next tick back.
     */
    @Override
    public JobOutcome run(JobContext context) {
        JobOutcome outcome = send(context);
        messages.settleWake(context.tenant().id(), stuckAfter);
        return outcome;
    }

    private JobOutcome send(JobContext context) {
        String tenantId = context.tenant().id();
        Deadline deadline = context.deadline();
        Instant now = clock.instant();
        int recovered = recoverStuck(tenantId, now);
        List<ReminderMessage> due = messages.due(tenantId, now, MAX_PER_RUN);
        List<InFlightSend> unconfirmed = messages.unconfirmedDue(tenantId, now, MAX_PER_RUN);
        String recoveredNote = recovered > 0 ? recovered + " recovered from sending; " : "";
        if (due.isEmpty() && unconfirmed.isEmpty()) {
            return JobOutcome.ok(0, recoveredNote + "nothing due");
        }
        // Settings, the apikey and templates are read only when something is due: most minutes nothing is.
        Prepared prepared;
        try {
            prepared = prepare(tenantId, context.settings());
        } catch (IllegalArgumentException badSetting) {
            return JobOutcome.failedPermanently(badSetting.getMessage());
        }
        BillingConfig config = prepared.config();
        if (config.instance().isEmpty()) {
            metrics.count("EvolutionMisconfigured", Map.of());
            return new JobOutcome(0, 0, 1, recoveredNote + (due.size() + unconfirmed.size()) + " due but no Evolution instance configured ("
                    + BillingConfig.EVOLUTION_BASE_URL + ", " + BillingConfig.EVOLUTION_INSTANCE
                    + ", tenant key evolution); they stay pending", false);
        }
        EvolutionInstance instance = config.instance().get();
        String resolvedNote = unconfirmed.isEmpty() ? "" : resolveUnconfirmed(prepared, instance, unconfirmed, deadline) + "; ";
        if (due.isEmpty()) {
            return JobOutcome.ok(0, recoveredNote + resolvedNote + "nothing due");
        }
        if (!config.maySendAt(now)) {
            Instant next = config.nextOpening(now);
            int moved = (int) due.stream().filter(m -> messages.reschedule(m, next)).count();
            return JobOutcome.ok(0, recoveredNote + resolvedNote + "closed (business hours or holiday): " + moved + " rescheduled to " + next);
        }
        // Edge case 11: one health check per run; a down instance keeps its messages pending without spending attempts.
        ConnectionState state = gateway.connectionState(instance);
        switch (state) {
            case ConnectionState.Open _ -> {
                // The only state in which sends go out: carry on below.
            }
            case ConnectionState.Rejected rejected -> {
                metrics.count("EvolutionMisconfigured", Map.of());
                return new JobOutcome(0, 0, 1, recoveredNote + resolvedNote + "Evolution refused instance " + instance.instanceName()
                        + ": " + rejected.reason() + "; " + due.size() + " messages stay pending", false);
            }
            case ConnectionState.Connecting _, ConnectionState.Close _, ConnectionState.Unreachable _ -> {
                metrics.count("EvolutionInstanceDown", Map.of());
                return new JobOutcome(0, 0, 0, recoveredNote + resolvedNote + "instance " + instance.instanceName() + " not open (" + state
                        + "); " + due.size() + " messages stay pending", false);
            }
        }
        String owner = context.workerId() + "/" + UUID.randomUUID().toString().substring(0, 8);
        Map<Delivery, Integer> tally = new LinkedHashMap<>();
        int left = due.size();
        boolean stoppedAtDeadline = false;
        String rejectedReason = null;
        for (ReminderMessage message : due) {
            if (!deadline.allows(perSend)) {
                metrics.count("SendRunsStoppedAtDeadline", Map.of());
                stoppedAtDeadline = true;
                break;
            }
            left--;
            Optional<Claim.Claimed> claim = claim(message, owner);
            if (claim.isEmpty()) {
                continue;
            }
            Delivery delivery = deliver(prepared, message, owner, claim.get());
            tally.merge(delivery, 1, Integer::sum);
            if (delivery == Delivery.REJECTED) {
                rejectedReason = "Evolution refused instance " + instance.instanceName() + " while sending";
                metrics.count("EvolutionMisconfigured", Map.of());
                break;
            }
            // Once the breaker opened, every further send would fail fast and burn an attempt: leave them pending.
            if ((delivery == Delivery.RETRY || delivery == Delivery.UNCONFIRMED) && guard.circuitState(instance) == CircuitBreaker.State.OPEN) {
                metrics.count("EvolutionInstanceDown", Map.of());
                break;
            }
        }
        int sent = tally.getOrDefault(Delivery.SENT, 0);
        int failed = tally.getOrDefault(Delivery.FAILED, 0) + (rejectedReason == null ? 0 : 1);
        int handled = tally.values().stream().mapToInt(Integer::intValue).sum();
        String stopped = stoppedAtDeadline ? "; stopped before the deadline with " + left + " still due" : "";
        return new JobOutcome(handled, sent, failed, recoveredNote + resolvedNote + (rejectedReason == null ? "" : rejectedReason + "; ")
                + "deliveries " + tally + stopped, false);
    }

    /**
     * Asks the gateway what became of each unconfirmed send (see the class comment), within the deadline.
     * Returns a summary for the run's detail.
     */
    private String resolveUnconfirmed(Prepared prepared, EvolutionInstance instance, List<InFlightSend> unconfirmed, Deadline deadline) {
        Map<String, Integer> tally = new LinkedHashMap<>();
        for (InFlightSend inFlight : unconfirmed) {
            if (!deadline.allows(perSend)) {
                break;
            }
            ReminderMessage message = inFlight.message();
            Instant now = clock.instant();
            if (inFlight.sendStartedAt().isEmpty() || inFlight.textSha256().isEmpty()) {
                // Never marked as sent: the HTTP call cannot have happened.
                messages.resolveUnconfirmed(message, MessageStatus.PENDING, now, Map.of());
                tally.merge("not sent", 1, Integer::sum);
                continue;
            }
            Instant started = inFlight.sendStartedAt().get();
            SentLookup lookup = gateway.findSent(instance, message.phone().substring(1), inFlight.textSha256().get(),
                    started.minus(CLOCK_SKEW), started.plus(settle));
            switch (lookup) {
                case SentLookup.Found found -> {
                    messages.resolveUnconfirmed(message, MessageStatus.SENT, now, Map.of("providerMessageId", Attr.s(found.providerMessageId()),
                            "sentAt", Attr.s(started.toString()), "confirmedBy", Attr.s("findMessages")));
                    metrics.count("MessagesSent", Map.of());
                    metrics.count("UnconfirmedResolvedSent", Map.of());
                    cycles.find(prepared.tenantId(), message.cycleId()).ifPresent(c -> completeIfLast(message, c, now));
                    tally.merge("sent", 1, Integer::sum);
                }
                case SentLookup.NotFound _ when !now.isBefore(started.plus(settle)) -> {
                    messages.resolveUnconfirmed(message, MessageStatus.PENDING, now, Map.of());
                    metrics.count("UnconfirmedResolvedNotSent", Map.of());
                    tally.merge("not sent", 1, Integer::sum);
                }
                case SentLookup.NotFound _, SentLookup.Unavailable _ when now.isAfter(started.plus(unconfirmedGiveUp)) -> {
                    String why = "outcome unknown: the gateway could not say whether the send of " + started + " went out; not resent";
                    messages.resolveUnconfirmed(message, MessageStatus.FAILED, now,
                            Map.of("lastError", Attr.s(why), "failedAt", Attr.s(now.toString())));
                    metrics.count("MessagesOutcomeUnknown", Map.of());
                    cycles.find(prepared.tenantId(), message.cycleId()).ifPresent(c -> completeIfLast(message, c, now));
                    tally.merge("given up", 1, Integer::sum);
                }
                case SentLookup.NotFound _ -> {
                    messages.recheckUnconfirmedAt(message, started.plus(settle), "gateway may still be sending");
                    tally.merge("still unknown", 1, Integer::sum);
                }
                case SentLookup.Unavailable unavailable -> {
                    messages.recheckUnconfirmedAt(message, now.plus(UNCONFIRMED_RECHECK), unavailable.reason());
                    tally.merge("still unknown", 1, Integer::sum);
                }
            }
        }
        return "unconfirmed " + tally;
    }

    /** Resolves what a run needs once: settings (with the instance apikey, a tenant key) and templates. */
    public Prepared prepare(String tenantId, Settings settings) {
        return new Prepared(tenantId, BillingConfig.resolve(settings, keys, tenantId), templates.catalog(tenantId));
    }

    /**
     * Edge case 7: a worker that died mid-send leaves 'sending' behind. After the stuck threshold it is pending
     * again if it never reached the HTTP call, else unconfirmed (checked with the gateway before any resend).
     */
    public int recoverStuck(String tenantId, Instant now) {
        int recovered = 0;
        for (InFlightSend stuck : messages.stuckInSending(tenantId, now.minus(stuckAfter), MAX_PER_RUN)) {
            ReminderMessage message = stuck.message();
            if (stuck.sendStartedAt().isPresent()) {
                if (messages.stuckToUnconfirmed(message, now, "worker stopped during the send of " + stuck.sendStartedAt().get())) {
                    metrics.count("MessagesUnconfirmed", Map.of());
                    LOG.warn("message {} of tenant {} was stuck in sending after its HTTP call began; unconfirmed until the gateway says",
                            message.messageId(), tenantId);
                }
            } else if (messages.recover(message, now)) {
                recovered++;
                LOG.warn("message {} of tenant {} was stuck in sending since its claim; back to pending", message.messageId(), tenantId);
            }
        }
        if (recovered > 0) {
            metrics.count("MessagesRecovered", recovered, Map.of());
        }
        return recovered;
    }

    /** The lease equals the stuck threshold: a live Lambda (60 s timeout) can never have its claim recovered. */
    public Optional<Claim.Claimed> claim(ReminderMessage message, String owner) {
        return switch (messages.claim(message, owner, clock.instant(), stuckAfter)) {
            case Claim.Claimed claimed -> Optional.of(claimed);
            case Claim.Finished _, Claim.Held _ -> Optional.empty();
        };
    }

    /** Sends one claimed message and records the outcome; never sends a message cancelled after its claim. */
    public Delivery deliver(Prepared prepared, ReminderMessage message, String owner, Claim.Claimed claim) {
        String tenantId = prepared.tenantId();
        long version = claim.version();
        // Edge case 8: re-read right before the HTTP call. A cancel, mark-paid or opt-out after our claim bumped the
        // version or left 'sending'; the send must not happen. (A cancel landing during the HTTP call itself cannot
        // be undone; the release below then fails and the message stays cancelled.)
        Optional<ReminderMessage> current = messages.find(tenantId, message.cycleId(), message.step());
        if (current.isEmpty() || current.get().status() != MessageStatus.SENDING || current.get().version() != version) {
            return cancelledOrLost(current);
        }
        Optional<Cycle> cycle = cycles.find(tenantId, message.cycleId());
        if (cycle.isEmpty() || cycle.get().status() != CycleStatus.ACTIVE) {
            return cancelClaimed(message, owner, version, "cycle " + cycle.map(c -> c.status().wire()).orElse("missing"));
        }
        if (contacts.find(tenantId, message.phone()).map(Contact::optedOut).orElse(false)) {
            return cancelClaimed(message, owner, version, "opted-out");
        }
        Cycle c = cycle.get();
        if (paidInHubSoft(c)) {
            // Same effect as mark-paid: the cycle is paid and its open messages, this claimed one included, cancelled.
            if (cycles.endAndCancelMessages(c, CycleStatus.PAID, "paid (HubSoft)", clock.instant()).isPresent()) {
                metrics.count("CyclesPaidInHubSoft", Map.of());
                return Delivery.CANCELLED;
            }
            return cancelClaimed(message, owner, version, "cycle ended");
        }
        Optional<EvolutionInstance> instance = prepared.config().instance();
        if (instance.isEmpty()) {
            return messages.retryLater(message, owner, version, clock.instant().plus(retryBase), "no Evolution instance configured")
                    ? Delivery.RETRY : Delivery.LOST;
        }
        String text = prepared.templates().render(message.step(), c.rotation(), new TemplateValues(c.customerName(), c.amount(),
                c.dueDate(), c.paymentLink(), c.pixCode(), clock.instant().atZone(prepared.config().zone()).toLocalDate()));
        if (!messages.beginSend(message, owner, version, clock.instant(), EvolutionClient.sha256(text))) {
            // Cancelled (or taken over) while we checked the cycle, the contact or HubSoft: nothing is sent.
            return cancelledOrLost(messages.find(tenantId, message.cycleId(), message.step()));
        }
        SendResult result = guard.send(instance.get(), message.phone().substring(1), text);
        Instant now = clock.instant();
        return switch (result) {
            case SendResult.Sent sent -> {
                Map<String, AttributeValue> set = Map.of("providerMessageId", Attr.s(sent.providerMessageId()), "sentAt", Attr.s(now.toString()));
                if (!messages.finish(message, owner, version, MessageStatus.SENT, set)) {
                    LOG.warn("message {} of tenant {} was sent but its claim was lost meanwhile (cancelled during the call)",
                            message.messageId(), tenantId);
                }
                metrics.count("MessagesSent", Map.of());
                completeIfLast(message, c, now);
                yield Delivery.SENT;
            }
            case SendResult.PermanentFailure permanent -> fail(message, owner, version, permanent.reason(), c, now);
            case SendResult.Unconfirmed unconfirmed -> {
                metrics.count("MessagesUnconfirmed", Map.of());
                LOG.warn("message {} of tenant {}: {}; unconfirmed until the gateway says whether it went out", message.messageId(),
                        tenantId, unconfirmed.reason());
                yield messages.markUnconfirmed(message, owner, version, now.plus(settle), unconfirmed.reason()) ? Delivery.UNCONFIRMED : Delivery.LOST;
            }
            case SendResult.InstanceRejected rejected ->
                    messages.retryLater(message, owner, version, now.plus(retryBase), rejected.reason()) ? Delivery.REJECTED : Delivery.LOST;
            case SendResult.TemporaryFailure temporary -> {
                int attempts = current.get().attempts();
                RetryPolicy backoff = RetryPolicy.exponential(prepared.config().maxSendAttempts(), retryBase, 2.0, retryMax);
                Optional<Duration> delay = backoff.nextDelay(Math.max(1, attempts), Optional.empty(), RANDOM);
                if (delay.isEmpty()) {
                    yield fail(message, owner, version, "gave up after " + attempts + " attempts: " + temporary.reason(), c, now);
                }
                metrics.count("MessagesRetried", Map.of());
                yield messages.retryLater(message, owner, version, now.plus(delay.get()), temporary.reason()) ? Delivery.RETRY : Delivery.LOST;
            }
        };
    }

    /** A claim we no longer hold: cancelled by an operator or a paid cycle, or taken over by another worker. */
    private static Delivery cancelledOrLost(Optional<ReminderMessage> current) {
        return current.map(m -> m.status() == MessageStatus.CANCELLED).orElse(false) ? Delivery.CANCELLED : Delivery.LOST;
    }

    private boolean paidInHubSoft(Cycle cycle) {
        InvoiceStatusChecker.Answer answer = new InvoiceStatusChecker(hubsoft.get())
                .check(cycle.tenantId(), cycle.document(), cycle.hubsoftInvoiceId().orElse(null), cycle.dueDate(), cycle.amount());
        if (answer == InvoiceStatusChecker.Answer.UNAVAILABLE) {
            metrics.count("HubSoftInvoiceCheckUnavailable", Map.of());
            LOG.warn("HubSoft invoice check failed for cycle {} of tenant {} and nothing is cached; sending anyway",
                    cycle.cycleId(), cycle.tenantId());
        }
        return answer == InvoiceStatusChecker.Answer.PAID;
    }

    private Delivery fail(ReminderMessage message, String owner, long version, String reason, Cycle cycle, Instant now) {
        messages.finish(message, owner, version, MessageStatus.FAILED, Map.of("lastError", Attr.s(reason), "failedAt", Attr.s(now.toString())));
        metrics.count("MessagesFailed", Map.of());
        completeIfLast(message, cycle, now);
        return Delivery.FAILED;
    }

    private Delivery cancelClaimed(ReminderMessage message, String owner, long version, String reason) {
        messages.finish(message, owner, version, MessageStatus.CANCELLED, Map.of("cancelReason", Attr.s(reason)));
        return Delivery.CANCELLED;
    }

    private void completeIfLast(ReminderMessage message, Cycle cycle, Instant now) {
        if (message.last()) {
            cycles.end(cycle, CycleStatus.COMPLETED, now);
        }
    }
}
