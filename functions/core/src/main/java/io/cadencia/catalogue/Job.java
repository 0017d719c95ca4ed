package io.cadencia.catalogue;

import java.util.Objects;

/**
 * One catalogue entry: a named job of a category, fired by its schedule, whose work either runs built-in logic
 * or calls {@code endpoint} on the tenant's base URL.
 *
 * @param effects whether its runs are claimed ({@link Effects#ONCE}) or only recorded ({@link Effects#NONE})
 */
public record Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource, Effects effects) {
    public Job {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job name is required (schedule " + scheduleResource + ")");
        }
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("job '" + name + "' has no category");
        }
        Objects.requireNonNull(effects, "effects");
    }
}
