package io.cadencia.billing.calendar;

import io.cadencia.billing.Result;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.format.TextStyle;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weekly opening hours in the tenant's local time, at most one window per day; days without a window are closed. Every
 * moment is read in its own zone: callers pass it in the tenant's zone.
 */
public record BusinessHours(Map<DayOfWeek, Window> windows) {

    public static final String FIELD = "businessHours";

    // A year and a bit: enough to get past any run of holidays and closed days a real config can produce.
    private static final int MAX_SEARCH_DAYS = 400;
    private static final Pattern SEGMENT =
            Pattern.compile("([a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)\\s+(\\S+?)\\s*-\\s*(\\S+)");
    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, DayOfWeek> DAY_NAMES = Map.of(
            "mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY, "wed", DayOfWeek.WEDNESDAY,
            "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

    /** Opening window; a {@code close} of midnight means "until the end of the day" (written 24:00). */
    public record Window(LocalTime open, LocalTime close) {

        public static final Window WHOLE_DAY = new Window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

        public Window {
            if (!close.equals(LocalTime.MIDNIGHT) && !open.isBefore(close)) {
                throw new IllegalArgumentException("window must open before it closes: " + open + "-" + close);
            }
        }

        public boolean contains(LocalTime time) {
            return !time.isBefore(open) && (close.equals(LocalTime.MIDNIGHT) || time.isBefore(close));
        }
    }

    public BusinessHours {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("business hours need at least one open day");
        }
        windows = Map.copyOf(windows);
    }

    /** Edge case 10: a tenant that configured no hours is treated as open around the clock. */
    public static BusinessHours alwaysOpen() {
        Map<DayOfWeek, Window> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            all.put(day, Window.WHOLE_DAY);
        }
        return new BusinessHours(all);
    }

    public boolean isOpen(ZonedDateTime moment) {
        Window window = windows.get(moment.getDayOfWeek());
        return window != null && window.contains(moment.toLocalTime());
    }

    /** The earliest moment at or after {@code from} that is open and not a holiday, in {@code from}'s zone. */
    public ZonedDateTime nextOpening(ZonedDateTime from, HolidayCalendar holidays) {
        ZonedDateTime start = from;
        for (int i = 0; i <= MAX_SEARCH_DAYS; i++) {
            LocalDate day = start.toLocalDate().plusDays(i);
            Window window = windows.get(day.getDayOfWeek());
            if (window == null || holidays.isHoliday(day)) {
                continue;
            }
            ZonedDateTime opening = ZonedDateTime.of(day, window.open(), start.getZone());
            if (!window.contains(opening.toLocalTime())) {
                // The window fell into a daylight-saving gap (São Paulo until 2019: midnight did not exist on the
                // first day of summer time), so it never opened that day.
                continue;
            }
            if (i > 0 || start.isBefore(opening)) {
                return opening;
            }
            if (window.contains(start.toLocalTime())) {
                return start;
            }
        }
        throw new IllegalStateException("no opening within " + MAX_SEARCH_DAYS + " days after " + from);
    }

    /** Parses {@code "mon-fri 08:00-18:00; sat 08:00-12:00"}; a blank setting means {@link #alwaysOpen()}. */
    public static Result<BusinessHours> parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return Result.ok(alwaysOpen());
        }
        Map<DayOfWeek, Window> windows = new EnumMap<>(DayOfWeek.class);
        for (String rawSegment : setting.split(";")) {
            String segment = rawSegment.strip().toLowerCase(Locale.ROOT);
            if (segment.isEmpty()) {
                continue;
            }
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                return invalid(setting, "\"" + rawSegment.strip() + "\" is not like \"mon-fri 08:00-18:00\"");
            }
            Result<Window> window = window(setting, m.group(2), m.group(3));
            if (!window.isOk()) {
                return Result.errors(window.errors());
            }
            for (String dayPart : m.group(1).split(",")) {
                String[] range = dayPart.split("-");
                DayOfWeek first = DAY_NAMES.get(range[0]);
                DayOfWeek last = DAY_NAMES.get(range[range.length - 1]);
                if (first == null || last == null) {
                    return invalid(setting, "unknown day in \"" + dayPart + "\" (use mon, tue, wed, thu, fri, sat, sun)");
                }
                for (DayOfWeek day = first; ; day = day.plus(1)) {
                    if (windows.putIfAbsent(day, window.value()) != null) {
                        return invalid(setting, day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                                .toLowerCase(Locale.ROOT) + " is listed twice");
                    }
                    if (day == last) {
                        break;
                    }
                }
            }
        }
        return windows.isEmpty() ? invalid(setting, "no open day") : Result.ok(new BusinessHours(windows));
    }

    private static Result<Window> window(String setting, String open, String close) {
        try {
            LocalTime opening = LocalTime.parse(open, HH_MM);
            LocalTime closing = close.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(close, HH_MM);
            if (!closing.equals(LocalTime.MIDNIGHT) && !opening.isBefore(closing)) {
                return invalid(setting, "window " + open + "-" + close + " closes before it opens");
            }
            return Result.ok(new Window(opening, closing));
        } catch (DateTimeParseException e) {
            return invalid(setting, "\"" + open + "-" + close + "\" is not a time range HH:mm-HH:mm");
        }
    }

    private static <T> Result<T> invalid(String setting, String reason) {
        return Result.error(FIELD, "\"" + setting + "\" is not valid: " + reason);
    }
}
