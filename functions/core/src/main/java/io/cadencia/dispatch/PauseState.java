package io.cadencia.dispatch;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which jobs and categories an operator has paused (seed 001 pause flag), with the operator's reason and when. */
public record PauseState(Map<String, Pause> jobs, Map<String, Pause> categories) {

    public static final PauseState NONE = new PauseState(Map.of(), Map.of());

    /** One pause flag: {@code reason} as the operator gave it (may be blank), {@code since} when it was set. */
    public record Pause(String reason, Instant since) {
    }

    public PauseState {
        jobs = Map.copyOf(jobs);
        categories = Map.copyOf(categories);
    }

    /** Pauses without a recorded reason or time. */
    public PauseState(Set<String> pausedJobs, Set<String> pausedCategories) {
        this(unexplained(pausedJobs), unexplained(pausedCategories));
    }

    private static Map<String, Pause> unexplained(Set<String> names) {
        return names.stream().collect(Collectors.toMap(Function.identity(), name -> new Pause("", null)));
    }

    public boolean isPaused(String job, String category) {
        return jobs.containsKey(job) || categories.containsKey(category);
    }

    /** Which flag pauses a job, or null when it is not paused. */
    public String reason(String job, String category) {
        if (jobs.containsKey(job)) {
            return "job " + job + " is paused" + because(jobs.get(job));
        }
        if (categories.containsKey(category)) {
            return "category " + category + " is paused" + because(categories.get(category));
        }
        return null;
    }

    /** The flag that pauses a job (its own before its category's), if any. */
    public Optional<Pause> pauseOf(String job, String category) {
        return Optional.ofNullable(jobs.get(job)).or(() -> Optional.ofNullable(categories.get(category)));
    }

    private static String because(Pause pause) {
        return pause.reason() == null || pause.reason().isBlank() ? "" : ": " + pause.reason();
    }
}
