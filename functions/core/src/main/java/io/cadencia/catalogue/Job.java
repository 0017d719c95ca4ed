package io.cadencia.catalogue;

/**
 * One catalogue entry: a named job of a category, fired by its schedule, whose work either runs built-in logic
 * or calls {@code endpoint} on the tenant's base URL.
 */
public record Job(String name, String category, String endpoint, AwsCron schedule, String scheduleResource) {
    public Job {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job name is required (schedule " + scheduleResource + ")");
        }
        if (category == null || category.isBlank()) {
            throw new IllegalArgumentException("job '" + name + "' has no category");
        }
    }
}
