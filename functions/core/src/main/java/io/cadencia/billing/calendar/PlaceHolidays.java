package io.cadencia.billing.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The holidays of a tenant's place: the national ones, its state's (UF, from {@value #STATE_DATA}, each line naming
 * its source) and its own municipal dates. No maintained holiday library resolves in this build (jollyday is not in
 * the environment's Maven list, and its Brazilian data covers 10 of 27 states), so the state dates are data.
 *
 * @param state     a UF code such as {@code AC}, or empty for national holidays only
 * @param everyYear municipal holidays on the same day every year
 * @param dates     municipal holidays of one year only (movable feasts such as a city's Corpus Christi week)
 */
public record PlaceHolidays(BrazilianHolidays national, Optional<String> state, Set<MonthDay> everyYear, Set<LocalDate> dates)
        implements HolidayCalendar {

    static final String STATE_DATA = "br-state-holidays.tsv";
    /** Every federative unit: 26 states and the Federal District. */
    public static final Set<String> STATES = Set.of("AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS",
            "MT", "PA", "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO");
    private static final Map<String, Set<MonthDay>> BY_STATE = load();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    public PlaceHolidays {
        state = state.map(s -> s.strip().toUpperCase(Locale.ROOT));
        state.filter(s -> !STATES.contains(s)).ifPresent(s -> {
            throw new IllegalArgumentException("state '" + s + "' is not a Brazilian UF code");
        });
        everyYear = Set.copyOf(everyYear);
        dates = Set.copyOf(dates);
    }

    public static PlaceHolidays of(boolean optionalDays, Optional<String> state, String municipal) {
        Set<MonthDay> everyYear = new HashSet<>();
        Set<LocalDate> dates = new HashSet<>();
        parseMunicipal(municipal, everyYear, dates);
        return new PlaceHolidays(new BrazilianHolidays(optionalDays), state, everyYear, dates);
    }

    @Override
    public boolean isHoliday(LocalDate date) {
        return national.isHoliday(date) || dates.contains(date) || everyYear.contains(MonthDay.from(date))
                || state.map(BY_STATE::get).map(days -> days.contains(MonthDay.from(date))).orElse(false);
    }

    /** The state's own fixed dates, in date order (none for a state without any). */
    public static Set<MonthDay> stateDays(String state) {
        return new TreeSet<>(BY_STATE.getOrDefault(state, Set.of()));
    }

    /**
     * Checks a municipal holiday list: comma-separated {@code MM-dd} (every year) or {@code yyyy-MM-dd} (that day
     * only); blank is none. The problem in plain words, or empty.
     */
    public static Optional<String> problem(String municipal) {
        try {
            parseMunicipal(municipal, new HashSet<>(), new HashSet<>());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static void parseMunicipal(String municipal, Set<MonthDay> everyYear, Set<LocalDate> dates) {
        if (municipal == null || municipal.isBlank()) {
            return;
        }
        for (String raw : municipal.split(",")) {
            String entry = raw.strip();
            try {
                if (entry.length() == 5) {
                    everyYear.add(MonthDay.parse("--" + entry));
                } else {
                    dates.add(LocalDate.parse(entry, DATE));
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("has '" + entry + "', which is neither MM-dd nor yyyy-MM-dd", e);
            }
        }
    }

    private static Map<String, Set<MonthDay>> load() {
        Map<String, Set<MonthDay>> byState = new HashMap<>();
        InputStream in = PlaceHolidays.class.getResourceAsStream(STATE_DATA);
        if (in == null) {
            throw new IllegalStateException("resource " + STATE_DATA + " is missing beside " + PlaceHolidays.class.getName());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 4 || !STATES.contains(columns[0])) {
                    throw new IllegalStateException(STATE_DATA + ": bad line '" + line + "'");
                }
                byState.computeIfAbsent(columns[0], k -> new HashSet<>()).add(MonthDay.parse("--" + columns[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(byState);
    }
}
