package io.cadencia.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a job's dispatcher does with the ticks it missed (dispatcher failing, scheduler delivering late, schedule
 * disabled), as Temporal's catch-up window and JobRunr's skipped-during-downtime do. Written in template.yaml in the
 * schedule's Input as {@code "catchUp": {"policy": "all", "max": 12, "window": "PT6H"}}.
 *
 * @param policy what runs of the missed ticks
 * @param max    with {@link Policy#ALL}, at most this many missed ticks run; 1 for the other policies
 * @param window a missed tick older than this (from now) never runs, and neither does a tick delivered later than this
 */
public record CatchUp(Policy policy, int max, Duration window) {

    public enum Policy {
        /** No missed tick runs: the job's next tick does its work anyway (its items carry their own due times). */
        SKIP,
        /** The latest missed tick runs once (seed 004's coalescing: late runs are combined into one). */
        ONCE,
        /** Every missed tick runs, oldest first, at most {@code max} of them: each tick is work of its own period. */
        ALL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * For a job whose Input names no policy: its latest missed tick runs once, as seed 004's scheduler coalesced late
     * runs, and as Quartz's default misfire rule for cron triggers (fire once now) does. Two days, so that a daily
     * job's missed tick, seen only when its next tick arrives a day later, still runs; a week-old tick does not.
     */
    public static final CatchUp DEFAULT = new CatchUp(Policy.ONCE, 1, Duration.ofDays(2));

    private static final Set<String> FIELDS = Set.of("policy", "max", "window");

    public CatchUp {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("catchUp.window must be positive, got " + window);
        }
        if (max < 1 || policy != Policy.ALL && max != 1) {
            throw new IllegalArgumentException("catchUp.max must be " + (policy == Policy.ALL ? "at least 1" : "1 for policy " + policy.wire())
                    + ", got " + max);
        }
    }

    /**
     * Reads the Input's {@code catchUp} object; absent means {@link #DEFAULT}. Every error names the schedule, the
     * field and the value.
     */
    public static CatchUp parse(Object raw, String where) {
        if (raw == null) {
            return DEFAULT;
        }
        if (!(raw instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException(where + ": catchUp must be an object such as {\"policy\": \"once\", \"window\": \"P2D\"}, got " + raw);
        }
        for (Object field : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(field))) {
                throw new IllegalArgumentException(where + ": catchUp has an unknown field '" + field + "'; known: max, policy, window");
            }
        }
        Policy policy = policy(fields.get("policy"), where);
        Duration window = fields.containsKey("window") ? window(fields.get("window"), where) : DEFAULT.window();
        Object rawMax = fields.get("max");
        if (rawMax != null && !(rawMax instanceof Integer)) {
            throw new IllegalArgumentException(where + ": catchUp.max value '" + rawMax + "' is not a whole number");
        }
        if (policy != Policy.ALL && rawMax != null) {
            throw new IllegalArgumentException(where + ": catchUp.max applies to policy all only, not '" + policy.wire() + "'");
        }
        if (policy == Policy.ALL && rawMax == null) {
            throw new IllegalArgumentException(where + ": catchUp.max is required with policy all (how many missed ticks may run)");
        }
        try {
            return new CatchUp(policy, rawMax == null ? 1 : (Integer) rawMax, window);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Policy policy(Object raw, String where) {
        return Arrays.stream(Policy.values()).filter(p -> p.wire().equals(raw)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(where + ": catchUp.policy value '" + raw + "' is not one of skip, once, all"));
    }

    private static Duration window(Object raw, String where) {
        try {
            return Duration.parse(String.valueOf(raw));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": catchUp.window value '" + raw + "' is not an ISO-8601 duration such as PT6H or P2D", e);
        }
    }

    /**
     * What to do at a tick: {@code run} the missed ticks to dispatch now, oldest first; {@code missed} how many ticks
     * were missed, the tick itself included when it came later than the window; {@code tickTooLate} whether the tick
     * itself is skipped.
     */
    public record Plan(List<Instant> run, int missed, boolean tickTooLate) {
        public Plan {
            run = List.copyOf(run);
        }
    }

    /**
     * @param missed fire times never dispatched before {@code tick}, oldest first
     * @param now    when the tick is being dispatched
     */
    public Plan plan(List<Instant> missed, Instant tick, Instant now) {
        boolean tickTooLate = tooOld(tick, now);
        List<Instant> recent = new ArrayList<>();
        for (Instant fire : missed) {
            if (!tooOld(fire, now)) {
                recent.add(fire);
            }
        }
        List<Instant> run = tickTooLate ? List.of() : switch (policy) {
            case SKIP -> List.of();
            // The newest ones: the window already says older ticks matter less.
            case ONCE, ALL -> recent.subList(Math.max(0, recent.size() - max), recent.size());
        };
        return new Plan(run, missed.size() + (tickTooLate ? 1 : 0), tickTooLate);
    }

    private boolean tooOld(Instant fire, Instant now) {
        return Duration.between(fire, now).compareTo(window) > 0;
    }

    /** As an operator reads it: {@code all (max 12, window PT6H)}. */
    public String describe() {
        return policy.wire() + (policy == Policy.ALL ? " (max " + max + ", window " + window + ")" : " (window " + window + ")");
    }
}
