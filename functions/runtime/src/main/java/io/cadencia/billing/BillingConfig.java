package io.cadencia.billing;

import io.cadencia.billing.calendar.BrazilianHolidays;
import io.cadencia.billing.calendar.BusinessHours;
import io.cadencia.billing.calendar.HolidayCalendar;
import io.cadencia.billing.schedule.ReminderPlan;
import io.cadencia.billing.schedule.SendTime;
import io.cadencia.secrets.SecretStore;
import io.cadencia.tenant.Settings;
import io.cadencia.whatsapp.EvolutionInstance;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * A tenant's billing settings, each resolved tenant → global → default. A set but malformed value is an error
 * naming the setting and value: silently falling back would send reminders at hours the ISP never chose.
 */
public record BillingConfig(LocalTime sendTime, BusinessHours hours, HolidayCalendar holidays, ReminderPlan plan,
                            int maxSendAttempts, Optional<EvolutionInstance> instance) {

    public static final String BUSINESS_HOURS = "business_hours";
    public static final String REMINDER_PLAN = "reminder_plan";
    public static final String OPTIONAL_HOLIDAYS = "optional_holidays";
    public static final String EVOLUTION_BASE_URL = "evolution_base_url";
    public static final String EVOLUTION_INSTANCE = "evolution_instance";
    public static final String MAX_SEND_ATTEMPTS = "max_send_attempts";
    public static final int DEFAULT_MAX_SEND_ATTEMPTS = 5;

    /** The instance apikey lives in Secrets Manager, never in the tenants table. */
    public static String evolutionSecretName(String tenantId) {
        return "cadencia/tenants/" + tenantId + "/evolution";
    }

    /** Scheduling settings only: what ingest needs, without touching Secrets Manager. */
    public static BillingConfig scheduling(Settings settings) {
        return resolve(settings, null, null);
    }

    /** Everything, including the Evolution instance when base URL, instance name and apikey secret all exist. */
    public static BillingConfig resolve(Settings settings, SecretStore secrets, String tenantId) {
        LocalTime sendTime = orThrow(SendTime.resolve(settings.find(io.cadencia.tenant.Settings.SEND_TIME).orElse(null), null));
        BusinessHours hours = orThrow(BusinessHours.parse(settings.find(BUSINESS_HOURS).orElse(null)));
        ReminderPlan plan = settings.find(REMINDER_PLAN).map(p -> orThrow(ReminderPlan.parse(p))).orElse(ReminderPlan.DEFAULT);
        boolean optionalDays = settings.find(OPTIONAL_HOLIDAYS).map(v -> parseFlag(OPTIONAL_HOLIDAYS, v)).orElse(false);
        int maxAttempts = settings.integer(MAX_SEND_ATTEMPTS, DEFAULT_MAX_SEND_ATTEMPTS);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("setting '" + MAX_SEND_ATTEMPTS + "' value '" + maxAttempts + "' must be at least 1");
        }
        Optional<EvolutionInstance> instance = Optional.empty();
        if (secrets != null) {
            Optional<String> baseUrl = settings.find(EVOLUTION_BASE_URL);
            Optional<String> name = settings.find(EVOLUTION_INSTANCE);
            if (baseUrl.isPresent() && name.isPresent()) {
                instance = secrets.find(evolutionSecretName(tenantId))
                        .map(key -> new EvolutionInstance(baseUrl.get(), name.get(), key));
            }
        }
        return new BillingConfig(sendTime, hours, new BrazilianHolidays(optionalDays), plan, maxAttempts, instance);
    }

    /** Open now: inside the weekly window and not a holiday (São Paulo civil date). */
    public boolean maySendAt(Instant now) {
        ZonedDateTime local = now.atZone(BrazilTime.ZONE);
        return hours.isOpen(local) && !holidays.isHoliday(local.toLocalDate());
    }

    public Instant nextOpening(Instant from) {
        return hours.nextOpening(from.atZone(BrazilTime.ZONE), holidays).toInstant();
    }

    private static boolean parseFlag(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "sim", "yes", "1" -> true;
            case "false", "nao", "não", "no", "0" -> false;
            default -> throw new IllegalArgumentException("setting '" + key + "' value '" + value + "' is not true/false");
        };
    }

    private static <T> T orThrow(Result<T> result) {
        if (!result.isOk()) {
            throw new IllegalArgumentException("tenant setting " + result.error());
        }
        return result.value();
    }
}
