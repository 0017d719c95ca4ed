package io.cadencia.billing;

import io.cadencia.billing.calendar.PlaceHolidays;
import io.cadencia.billing.calendar.BusinessHours;
import io.cadencia.billing.calendar.HolidayCalendar;
import io.cadencia.billing.schedule.ReminderPlan;
import io.cadencia.billing.schedule.SendTime;
import io.cadencia.secrets.TenantKeys;
import io.cadencia.tenant.KnownSettings;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.TenantTime;
import io.cadencia.tenant.keys.TenantKeyKind;
import io.cadencia.whatsapp.EvolutionInstance;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's billing settings, each resolved tenant → global → default. Values are checked by {@link KnownSettings}
 * when saved, and {@link Settings} skips a stored value that fails the check, so parsing here cannot fail.
 */
public record BillingConfig(LocalTime sendTime, ZoneId zone, BusinessHours hours, HolidayCalendar holidays, ReminderPlan plan,
                            int maxSendAttempts, Optional<EvolutionInstance> instance) {

    public static final String BUSINESS_HOURS = KnownSettings.BUSINESS_HOURS;
    public static final String REMINDER_PLAN = KnownSettings.REMINDER_PLAN;
    public static final String OPTIONAL_HOLIDAYS = KnownSettings.OPTIONAL_HOLIDAYS;
    public static final String EVOLUTION_BASE_URL = KnownSettings.EVOLUTION_BASE_URL;
    public static final String EVOLUTION_INSTANCE = KnownSettings.EVOLUTION_INSTANCE;
    public static final String MAX_SEND_ATTEMPTS = KnownSettings.MAX_SEND_ATTEMPTS;
    public static final int DEFAULT_MAX_SEND_ATTEMPTS = 5;

    /** Scheduling settings only: what ingest needs, without reading the tenant's keys. */
    public static BillingConfig scheduling(Settings settings) {
        return resolve(settings, null, null);
    }

    /** Everything, including the Evolution instance when base URL, instance name and apikey all exist. */
    public static BillingConfig resolve(Settings settings, TenantKeys keys, String tenantId) {
        LocalTime sendTime = orThrow(SendTime.resolve(settings.find(KnownSettings.SEND_TIME).orElse(null), null));
        BusinessHours hours = orThrow(BusinessHours.parse(settings.find(BUSINESS_HOURS).orElse(null)));
        ReminderPlan plan = settings.find(REMINDER_PLAN).map(p -> orThrow(ReminderPlan.parse(p))).orElse(ReminderPlan.DEFAULT);
        boolean optionalDays = settings.find(OPTIONAL_HOLIDAYS).flatMap(KnownSettings::flag).orElse(false);
        int maxAttempts = settings.integer(MAX_SEND_ATTEMPTS, DEFAULT_MAX_SEND_ATTEMPTS);
        Optional<EvolutionInstance> instance = Optional.empty();
        if (keys != null) {
            Optional<String> baseUrl = settings.find(EVOLUTION_BASE_URL);
            Optional<String> name = settings.find(EVOLUTION_INSTANCE);
            if (baseUrl.isPresent() && name.isPresent()) {
                instance = keys.find(tenantId, TenantKeyKind.EVOLUTION)
                        .map(key -> new EvolutionInstance(baseUrl.get(), name.get(), key));
            }
        }
        HolidayCalendar holidays = PlaceHolidays.of(optionalDays, settings.find(KnownSettings.STATE),
                settings.find(KnownSettings.MUNICIPAL_HOLIDAYS).orElse(""));
        return new BillingConfig(sendTime, TenantTime.zone(settings), hours, holidays, plan, maxAttempts, instance);
    }

    /**
     * Why reminders of this tenant cannot go out yet, if they cannot: no gateway URL or instance name, or no apikey
     * (tenant key {@code evolution}). Ingest reports it so the ISP learns at once, not from reminders that never arrive.
     */
    public static Optional<String> sendingProblem(Settings settings, TenantKeys keys, String tenantId) {
        List<String> missing = new java.util.ArrayList<>();
        if (settings.find(EVOLUTION_BASE_URL).isEmpty()) {
            missing.add("setting '" + EVOLUTION_BASE_URL + "'");
        }
        if (settings.find(EVOLUTION_INSTANCE).isEmpty()) {
            missing.add("setting '" + EVOLUTION_INSTANCE + "'");
        }
        if (keys.find(tenantId, TenantKeyKind.EVOLUTION).isEmpty()) {
            missing.add("tenant key 'evolution'");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("tenant '" + tenantId
                + "' cannot send reminders until its Evolution instance is configured; missing: " + String.join(", ", missing));
    }

    /** Open now: inside the weekly window and not a holiday of the tenant's place (civil date in its zone). */
    public boolean maySendAt(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        return hours.isOpen(local) && !holidays.isHoliday(local.toLocalDate());
    }

    public Instant nextOpening(Instant from) {
        return hours.nextOpening(from.atZone(zone), holidays).toInstant();
    }

    private static <T> T orThrow(Result<T> result) {
        if (!result.isOk()) {
            throw new IllegalArgumentException("tenant setting " + result.error());
        }
        return result.value();
    }
}
