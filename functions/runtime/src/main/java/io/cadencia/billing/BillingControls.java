package io.cadencia.billing;

import io.cadencia.tenant.TenantDirectory;
import java.time.Clock;

import io.cadencia.billing.template.MessageTemplate;
import io.cadencia.control.ControlAction;
import io.cadencia.control.ControlRequest;
import io.cadencia.tenant.Tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Billing controls of the status function: cancel-cycle, mark-paid, opt-out, opt-in, save-template. */
public final class BillingControls {

    private static final Pattern STEP = Pattern.compile("D0|D[+-][1-9]\\d{0,2}");

    private final TenantDirectory tenants;
    private final Clock clock;
    private final Cycles cycles;
    private final Contacts contacts;
    private final ReminderMessages messages;
    private final Templates templates;

    public BillingControls(Billing billing, TenantDirectory tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
        this.cycles = billing.cycles();
        this.contacts = billing.contacts();
        this.messages = billing.messages();
        this.templates = billing.templates();
    }

    public Map<String, ControlAction> actions() {
        Map<String, ControlAction> actions = new LinkedHashMap<>();
        actions.put("cancel-cycle", this::cancelCycle);
        actions.put("mark-paid", this::markPaid);
        actions.put("opt-out", request -> optOut(request, true));
        actions.put("opt-in", request -> optOut(request, false));
        actions.put("save-template", this::saveTemplate);
        return actions;
    }

    /**
     * Edge case 8: only an active cycle can be cancelled; its pending and claimed messages are cancelled with it.
     * The cycle is named by {@code cycleId} or, as the ISP knows it, by {@code externalBillingId}.
     */
    Map<String, Object> cancelCycle(ControlRequest request) {
        return end(cycleOf(request), CycleStatus.CANCELLED, "cycle cancelled", request.action());
    }

    /** Like cancel-cycle, ending the cycle as paid; named the same two ways. */
    Map<String, Object> markPaid(ControlRequest request) {
        return end(cycleOf(request), CycleStatus.PAID, "paid", request.action());
    }

    private Cycle cycleOf(ControlRequest request) {
        String tenantId = tenant(request);
        String cycleId = request.text("cycleId").orElseGet(() -> {
            String externalId = request.text("externalBillingId").orElseThrow(() -> new IllegalArgumentException(
                    "action '" + request.action() + "' requires field 'cycleId' or 'externalBillingId'"));
            return cycles.idFor(tenantId, externalId).orElseThrow(() -> new IllegalArgumentException(
                    "billing '" + externalId + "' does not exist for tenant '" + tenantId + "'"));
        });
        return cycles.find(tenantId, cycleId)
                .orElseThrow(() -> new IllegalArgumentException("cycle '" + cycleId + "' does not exist for tenant '" + tenantId + "'"));
    }

    private Map<String, Object> end(Cycle cycle, CycleStatus status, String reason, String action) {
        int cancelled = cycles.endAndCancelMessages(cycle, status, reason, clock.instant()).orElseThrow(() -> {
            CycleStatus now = cycles.find(cycle.tenantId(), cycle.cycleId()).map(Cycle::status).orElse(cycle.status());
            return new IllegalArgumentException("cycle '" + cycle.cycleId() + "' is " + now.wire() + "; only an active cycle can be "
                    + (status == CycleStatus.PAID ? "marked paid" : "cancelled") + " (action '" + action + "')");
        });
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", cycle.tenantId());
        response.put("cycleId", cycle.cycleId());
        response.put("externalBillingId", cycle.externalBillingId());
        response.put("status", status.wire());
        response.put("messagesCancelled", cancelled);
        return response;
    }

    Map<String, Object> optOut(ControlRequest request, boolean optOut) {
        String tenantId = tenant(request);
        String raw = request.require("phone");
        Result<String> phone = PhoneNumbers.normalize(raw);
        if (!phone.isOk()) {
            throw new IllegalArgumentException(phone.error().toString());
        }
        Instant now = clock.instant();
        contacts.setOptOut(tenantId, phone.value(), optOut, now);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenantId);
        response.put("phone", phone.value());
        response.put("optedOut", optOut);
        if (optOut) {
            int cancelled = 0;
            for (ReminderMessage m : messages.openOfPhone(tenantId, phone.value())) {
                if (messages.cancelForOptOut(m)) {
                    cancelled++;
                }
            }
            response.put("messagesCancelled", cancelled);
        } else {
            response.put("messagesReactivated", reactivate(tenantId, phone.value(), now));
        }
        return response;
    }

    /**
     * Opt-in undoes opt-out: each message it cancelled goes back to pending when its send time is still ahead and its
     * cycle still active. Steps whose time passed meanwhile stay cancelled, so the customer gets no burst of late ones.
     */
    private int reactivate(String tenantId, String phone, Instant now) {
        Map<String, Boolean> activeCycles = new HashMap<>();
        int reactivated = 0;
        for (ReminderMessage m : messages.optedOutOf(tenantId, phone)) {
            boolean active = activeCycles.computeIfAbsent(m.cycleId(),
                    id -> cycles.find(tenantId, id).map(c -> c.status() == CycleStatus.ACTIVE).orElse(false));
            if (active && m.sendAt().isAfter(now) && messages.reactivate(m)) {
                reactivated++;
            }
        }
        return reactivated;
    }

    /** Refuses the whole set when any variation uses an unknown placeholder, naming it. */
    Map<String, Object> saveTemplate(ControlRequest request) {
        String tenantId = tenant(request);
        String step = request.require("step").strip();
        if (!step.equals(Templates.GENERIC) && !STEP.matcher(step).matches()) {
            throw new IllegalArgumentException("step '" + step + "' is invalid: use a plan step like D-3, D0, D+7 or '"
                    + Templates.GENERIC + "'");
        }
        Object raw = request.fields().get("variations");
        if (!(raw instanceof List<?> texts) || texts.isEmpty()) {
            throw new IllegalArgumentException("action 'save-template' requires field 'variations' as a non-empty array of texts");
        }
        List<MessageTemplate> variations = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Result<MessageTemplate> template = MessageTemplate.of(step + "#" + (i + 1), texts.get(i) == null ? null : texts.get(i).toString());
            if (template.isOk()) {
                variations.add(template.value());
            } else {
                problems.add("variations[" + i + "]: " + template.error().message());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("template not saved: " + String.join("; ", problems));
        }
        templates.save(tenantId, step, variations, clock.instant());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("tenant", tenantId);
        response.put("step", step);
        response.put("variations", variations.size());
        return response;
    }

    private String tenant(ControlRequest request) {
        String tenantId = request.require("tenant");
        Tenant.requireValidId(tenantId);
        tenants.require(tenantId);
        return tenantId;
    }
}
