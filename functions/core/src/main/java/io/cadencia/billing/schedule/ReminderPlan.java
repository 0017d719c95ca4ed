package io.cadencia.billing.schedule;

import io.cadencia.billing.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reminder steps of a "régua de cobrança", in strictly increasing day order. */
public record ReminderPlan(List<ReminderStep> steps) {

    public static final String FIELD = "reminderPlan";
    public static final ReminderPlan DEFAULT = new ReminderPlan(List.of(
            new ReminderStep(-3), new ReminderStep(0), new ReminderStep(3), new ReminderStep(7)));

    // Beyond a year the due-date rule already rejects the bill, so larger offsets are typos.
    private static final int MAX_OFFSET = 365;
    /** A cycle's messages are written in one DynamoDB transaction (100 actions at most), with room to spare. */
    public static final int MAX_STEPS = 30;
    private static final Pattern STEP = Pattern.compile("D([+-]?\\d{1,3})");

    public ReminderPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one step");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).dayOffset() <= steps.get(i - 1).dayOffset()) {
                throw new IllegalArgumentException("steps must be strictly increasing: " + steps);
            }
        }
    }

    /** Parses {@code "D-3,D0,D+3,D+7"}; order must be increasing so a typo is not silently re-sorted. */
    public static Result<ReminderPlan> parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return invalid(setting, "no steps (expected e.g. \"D-3,D0,D+3,D+7\")");
        }
        String[] tokens = setting.split(",");
        if (tokens.length > MAX_STEPS) {
            return invalid(setting, tokens.length + " steps; at most " + MAX_STEPS + " are allowed");
        }
        List<ReminderStep> steps = new ArrayList<>();
        for (String raw : tokens) {
            String token = raw.strip().toUpperCase(Locale.ROOT);
            Matcher m = STEP.matcher(token);
            if (!m.matches()) {
                return invalid(setting, "\"" + raw.strip() + "\" is not a step like D-3, D0 or D+7");
            }
            int offset = Integer.parseInt(m.group(1));
            if (Math.abs(offset) > MAX_OFFSET) {
                return invalid(setting, "\"" + raw.strip() + "\" is more than " + MAX_OFFSET + " days from the due date");
            }
            if (!steps.isEmpty() && offset <= steps.get(steps.size() - 1).dayOffset()) {
                return invalid(setting, "\"" + raw.strip() + "\" is not after the previous step; list steps in increasing order without repeats");
            }
            steps.add(new ReminderStep(offset));
        }
        return Result.ok(new ReminderPlan(steps));
    }

    private static Result<ReminderPlan> invalid(String setting, String reason) {
        return Result.error(FIELD, "\"" + (setting == null ? "" : setting) + "\" is not valid: " + reason);
    }
}
