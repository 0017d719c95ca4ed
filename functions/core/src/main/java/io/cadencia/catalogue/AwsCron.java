package io.cadencia.catalogue;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An EventBridge Scheduler {@code cron(...)} expression evaluated in a time zone, so the local runner and the
 * status function compute exactly the fire times AWS will use, DST transitions included.
 */
public final class AwsCron {

    // cron-utils has no AWS flavour: six fields, day-of-week 1-7 with SUN=1, '?' in exactly one of dom/dow.
    private static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).withStrictRange().and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();
    private static final CronParser PARSER = new CronParser(DEFINITION);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private AwsCron(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
    }

    /** Parses {@code cron(m h dom mon dow year)}; the error names the expression. */
    public static AwsCron parse(String scheduleExpression, ZoneId zone) {
        String trimmed = scheduleExpression == null ? "" : scheduleExpression.trim();
        if (!trimmed.startsWith("cron(") || !trimmed.endsWith(")")) {
            throw new IllegalArgumentException("ScheduleExpression '" + scheduleExpression + "' is not a cron(...) expression");
        }
        String body = trimmed.substring(5, trimmed.length() - 1).trim();
        try {
            return new AwsCron(trimmed, zone, PARSER.parse(body));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ScheduleExpression '" + scheduleExpression + "' is invalid: " + e.getMessage(), e);
        }
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code after}. */
    public Optional<Instant> nextAfter(Instant after) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The last fire time at or before {@code atOrBefore}. */
    public Optional<Instant> lastAtOrBefore(Instant atOrBefore) {
        ZonedDateTime t = ZonedDateTime.ofInstant(atOrBefore, zone);
        if (executionTime.isMatch(t.withNano(0)) && t.getSecond() == 0) {
            return Optional.of(t.withNano(0).toInstant());
        }
        return executionTime.lastExecution(t).map(ZonedDateTime::toInstant);
    }

    /** Every fire time in {@code [from, to)}, in order. */
    public List<Instant> firesBetween(Instant from, Instant to) {
        return firesBetween(from, to, Integer.MAX_VALUE);
    }

    /** The first {@code limit} fire times in {@code [from, to)}, in order: a long range is not listed past them. */
    public List<Instant> firesBetween(Instant from, Instant to, int limit) {
        List<Instant> fires = new ArrayList<>();
        Instant cursor = from.minusNanos(1);
        while (fires.size() < limit) {
            Optional<Instant> next = nextAfter(cursor);
            if (next.isEmpty() || !next.get().isBefore(to)) {
                return fires;
            }
            fires.add(next.get());
            cursor = next.get();
        }
        return fires;
    }

    @Override
    public String toString() {
        return expression + " " + zone;
    }
}
