package io.cadencia.billing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Due dates are strict ISO dates no more than one year before or after today in the tenant's zone. */
public final class DueDateRule {

    public static final String FIELD = "dueDate";

    private static final DateTimeFormatter STRICT_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private DueDateRule() {
    }

    /** Parses and range-checks in one go, as ingestion needs. */
    public static Result<LocalDate> validate(String raw, Clock clock, ZoneId zone) {
        Result<LocalDate> parsed = parse(raw);
        return parsed.isOk() ? checkRange(parsed.value(), clock, zone) : parsed;
    }

    public static Result<LocalDate> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Result.error(FIELD, "\"\" is required (format YYYY-MM-DD)");
        }
        try {
            return Result.ok(LocalDate.parse(raw, STRICT_ISO));
        } catch (DateTimeParseException e) {
            return Result.error(FIELD, "\"" + raw + "\" is not a valid date in format YYYY-MM-DD");
        }
    }

    /** Edge case 3: a date far from today is almost always a typo (wrong year) and would schedule nonsense. */
    public static Result<LocalDate> checkRange(LocalDate dueDate, Clock clock, ZoneId zone) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (dueDate.isBefore(today.minusYears(1)) || dueDate.isAfter(today.plusYears(1))) {
            return Result.error(FIELD, "\"" + dueDate + "\" is more than one year away from today (" + today + ")");
        }
        return Result.ok(dueDate);
    }
}
