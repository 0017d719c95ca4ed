package io.cadencia.catalogue;

import java.util.Objects;

/**
 * One catalogue entry: a named job of a category, fired by its schedule, whose work either runs built-in logic
 * or calls {@code endpoint} on the tenant's base URL.
 *
 * @param catchUp what its dispatcher does with the ticks it missed
 */
public record Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource, CatchUp catchUp) {
    public Job {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job name is required (schedule " + scheduleResource + ")");
        }
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("job '" + name + "' has no category");
        }
        Objects.requireNonNull(catchUp, "catchUp");
    }
}
