package io.cadencia.tenant;

import io.cadencia.billing.BatchRules;
import io.cadencia.billing.PhoneNumbers;
import io.cadencia.billing.Result;
import io.cadencia.billing.calendar.BusinessHours;
import io.cadencia.billing.calendar.PlaceHolidays;
import io.cadencia.billing.schedule.ReminderPlan;
import io.cadencia.billing.schedule.SendTime;
import io.cadencia.catalogue.UnknownNameException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting key the system reads, with its validator: the save paths refuse an unknown key or a bad value, and
 * {@link Settings} skips a stored value that fails its check (written before validation, or straight into the
 * table), so a bad value can never make a reminder run or an ingest fail.
 */
public final class KnownSettings {

    public static final String SEND_TIME = "horario_envio";
    public static final String CHECK_TIME = "horario_verificacao";
    public static final String CLEANUP_TIME = "horario_limpeza";
    public static final String REMINDER_PLAN = "reminder_plan";
    public static final String BUSINESS_HOURS = "business_hours";
    public static final String OPTIONAL_HOLIDAYS = "optional_holidays";
    public static final String MAX_SEND_ATTEMPTS = "max_send_attempts";
    public static final String EVOLUTION_BASE_URL = "evolution_base_url";
    public static final String EVOLUTION_INSTANCE = "evolution_instance";
    public static final String ALERT_WHATSAPP = "alert_whatsapp";
    public static final String ALERT_ENDPOINT = "alert_endpoint";
    /** The settings that hold a tenant's local time of day for a job (seed 000's three). */
    public static final java.util.List<String> TIMES = java.util.List.of(SEND_TIME, CHECK_TIME, CLEANUP_TIME);
    public static final String TIME_ZONE = "time_zone";
    public static final String STATE = "state";
    public static final String MUNICIPAL_HOLIDAYS = "municipal_holidays";
    public static final String INGEST_REQUESTS_PER_MINUTE = "ingest_requests_per_minute";
    public static final String INGEST_BILLINGS_PER_MINUTE = "ingest_billings_per_minute";

    public static final int MAX_SEND_ATTEMPTS_LIMIT = 20;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    // The instance name is a path segment of every Evolution call.
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final Map<String, SettingKey> ALL = new LinkedHashMap<>();

    static {
        add(new SettingKey(SEND_TIME, "a time HH:mm (00:00-23:59)", Optional.of("09:00"), KnownSettings::time));
        add(new SettingKey(CHECK_TIME, "a time HH:mm (00:00-23:59)", Optional.of("09:00"), KnownSettings::time));
        add(new SettingKey(CLEANUP_TIME, "a time HH:mm (00:00-23:59)", Optional.of("02:00"), KnownSettings::time));
        add(new SettingKey(REMINDER_PLAN, "steps like D-3,D0,D+3,D+7: increasing, each within 365 days of the due date, at most "
                + ReminderPlan.MAX_STEPS, Optional.of("D-3,D0,D+3,D+7"), v -> problem(ReminderPlan.parse(v))));
        add(new SettingKey(BUSINESS_HOURS, "weekly hours like mon-fri 08:00-18:00; sat 08:00-12:00 (unset: always open)",
                Optional.empty(), v -> problem(BusinessHours.parse(v))));
        add(new SettingKey(OPTIONAL_HOLIDAYS, "true or false (also sim/não, yes/no, 1/0)", Optional.of("false"),
                v -> flag(v).isPresent() ? Optional.empty() : Optional.of("is not true or false")));
        add(new SettingKey(TIME_ZONE, "an IANA time zone id such as America/Sao_Paulo, America/Manaus or America/Rio_Branco",
                Optional.of(TenantTime.DEFAULT_ZONE.getId()), KnownSettings::zone));
        add(new SettingKey(STATE, "a Brazilian UF code such as SP, AM or AC (unset: national holidays only)", Optional.empty(),
                v -> PlaceHolidays.STATES.contains(v.toUpperCase(Locale.ROOT)) ? Optional.empty() : Optional.of("is not a UF code")));
        add(new SettingKey(MUNICIPAL_HOLIDAYS, "comma-separated MM-dd (every year) or yyyy-MM-dd (that day only), e.g. 01-25, 2026-06-04",
                Optional.empty(), PlaceHolidays::problem));
        add(new SettingKey(MAX_SEND_ATTEMPTS, "an integer from 1 to " + MAX_SEND_ATTEMPTS_LIMIT, Optional.of("5"),
                KnownSettings::attempts));
        add(new SettingKey(EVOLUTION_BASE_URL, "an absolute http(s) URL, e.g. https://evolution.example.com", Optional.empty(),
                KnownSettings::httpUrl));
        add(new SettingKey(EVOLUTION_INSTANCE, "1-100 letters, digits, '.', '_' or '-'", Optional.empty(),
                v -> INSTANCE.matcher(v).matches() ? Optional.empty() : Optional.of("is not 1-100 letters, digits, '.', '_' or '-'")));
        // Seed 000: alerts go to each tenant individually; seed 002's alerts reach its admin here (unset: not by WhatsApp).
        add(new SettingKey(ALERT_WHATSAPP, "the admin's WhatsApp number, Brazilian, e.g. +55 11 99999-0000 (unset: no WhatsApp alerts)",
                Optional.empty(), v -> problem(PhoneNumbers.normalize(v))));
        add(new SettingKey(ALERT_ENDPOINT, "true or false: alerts are also POSTed to the tenant's endpoint", Optional.of("true"),
                v -> flag(v).isPresent() ? Optional.empty() : Optional.of("is not true or false")));
        add(new SettingKey(INGEST_REQUESTS_PER_MINUTE, "an integer from 1 to 100000", Optional.of("60"),
                v -> range(v, 1, 100_000)));
        // At least one whole batch: a limit below the batch cap would refuse a full batch forever.
        add(new SettingKey(INGEST_BILLINGS_PER_MINUTE, "an integer from " + BatchRules.MAX_BATCH_SIZE + " to 10000000",
                Optional.of("20000"), v -> range(v, BatchRules.MAX_BATCH_SIZE, 10_000_000)));
    }

    private KnownSettings() {
    }

    private static void add(SettingKey key) {
        ALL.put(key.key(), key);
    }

    public static Collection<SettingKey> all() {
        return ALL.values();
    }

    public static Optional<SettingKey> find(String key) {
        return Optional.ofNullable(key == null ? null : ALL.get(key.strip()));
    }

    public static SettingKey require(String key) {
        return find(key).orElseThrow(() -> new UnknownNameException("setting", key, ALL.keySet()));
    }

    /** The value to store (stripped), or an error naming the key, the value and what the key accepts. */
    public static String validate(String key, String value) {
        SettingKey known = require(key);
        Optional<String> problem = known.problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("setting '" + known.key() + "' value '" + (value == null ? "" : value) + "' "
                    + problem.get() + "; expected " + known.accepts());
        }
        return value.strip();
    }

    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ALL.values().forEach(k -> k.defaultValue().ifPresent(v -> defaults.put(k.key(), v)));
        return defaults;
    }

    /** Parses a boolean setting as operators write it, in Portuguese or English. */
    public static Optional<Boolean> flag(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "sim", "yes", "1" -> Optional.of(true);
            case "false", "nao", "não", "no", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Optional<String> time(String value) {
        return SendTime.resolve(value, null).isOk() ? Optional.empty() : Optional.of("is not a time HH:mm");
    }

    /** Region ids only: a fixed offset such as -03:00 would silently ignore a change of the place's rules. */
    private static Optional<String> zone(String value) {
        return ZoneId.getAvailableZoneIds().contains(value) ? Optional.empty() : Optional.of("is not an IANA time zone id");
    }

    private static Optional<String> attempts(String value) {
        return range(value, 1, MAX_SEND_ATTEMPTS_LIMIT);
    }

    private static Optional<String> range(String value, int min, int max) {
        if (!INTEGER.matcher(value).matches()) {
            return Optional.of("is not an integer");
        }
        int n = Integer.parseInt(value);
        return n >= min && n <= max ? Optional.empty() : Optional.of("is outside " + min + "-" + max);
    }

    private static Optional<String> httpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        return Optional.of("is not an absolute http(s) URL");
    }

    private static Optional<String> problem(Result<?> parsed) {
        return parsed.isOk() ? Optional.empty() : Optional.of(unquoted(parsed.error().message()));
    }

    /** The parsers' messages start with the quoted value, which the caller's message already names. */
    private static String unquoted(String message) {
        if (message.startsWith("\"")) {
            int close = message.indexOf('"', 1);
            if (close > 0) {
                return message.substring(close + 1).strip();
            }
        }
        return message;
    }
}
