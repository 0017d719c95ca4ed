package io.cadencia.catalogue;

import io.cadencia.tenant.KnownSettings;

import java.util.Objects;
import java.util.Optional;

/**
 * One catalogue entry: a named job of a category, fired by its schedule, whose work either runs built-in logic
 * or calls {@code endpoint} on the tenant's base URL.
 *
 * @param catchUp    what its dispatcher does with the ticks it missed
 * @param tenantTime the setting that holds each tenant's local time for this job (Input field {@code tenantTime}):
 *                   its schedule is then a grid, and each tick runs only the tenants whose slot it is; empty for a
 *                   job that runs every tenant at its schedule's times
 * @param effects    whether its runs are claimed ({@link Effects#ONCE}) or only recorded ({@link Effects#NONE})
 */
public record Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource, CatchUp catchUp,
                  Optional<String> tenantTime, Effects effects) {
    public Job {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job name is required (schedule " + scheduleResource + ")");
        }
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("job '" + name + "' has no category");
        }
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(tenantTime, "tenantTime");
        Objects.requireNonNull(effects, "effects");
        tenantTime.ifPresent(key -> {
            if (!KnownSettings.TIMES.contains(key)) {
                throw new IllegalArgumentException("job '" + name + "' field 'tenantTime' value '" + key + "' is not one of "
                        + KnownSettings.TIMES);
            }
        });
    }

    /** A job with the default catch-up that runs every tenant at its schedule's times. */
    public Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource) {
        this(name, category, endpoint, schedule, scheduleResource, CatchUp.DEFAULT);
    }

    /** A job that runs every tenant at its schedule's times. */
    public Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource, CatchUp catchUp) {
        this(name, category, endpoint, schedule, scheduleResource, catchUp, Optional.empty(), Effects.ONCE);
    }

    /** A job with claimed runs. */
    public Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource, CatchUp catchUp,
               Optional<String> tenantTime) {
        this(name, category, endpoint, schedule, scheduleResource, catchUp, tenantTime, Effects.ONCE);
    }

    /** A job with the default catch-up that runs every tenant at its schedule's times. */
    public Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource, Effects effects) {
        this(name, category, endpoint, schedule, scheduleResource, CatchUp.DEFAULT, Optional.empty(), effects);
    }
}
