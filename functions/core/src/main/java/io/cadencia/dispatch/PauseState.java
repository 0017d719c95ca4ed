package io.cadencia.dispatch;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which jobs and categories an operator has paused (seed 001 pause flag), with the operator's reason and when. */
public record PauseState(Map<String, Pause> jobs, Map<String, Pause> categories) {

    public static final PauseState NONE = new PauseState(Map.of(), Map.of());

    /**
     * One pause flag: {@code reason} as the operator gave it (blank when none was given), {@code since} when it was
     * set (absent for a flag stored without it).
     */
    public record Pause(String reason, Optional<Instant> since) {
        public Pause {
            reason = reason == null ? "" : reason;
            Objects.requireNonNull(since, "since");
        }
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
        return names.stream().collect(Collectors.toMap(Function.identity(), name -> new Pause("", Optional.empty())));
    }

    public boolean isPaused(String job, String category) {
        return jobs.containsKey(job) || categories.containsKey(category);
    }

    /** Which flag pauses a job, as a sentence; empty when it is not paused. */
    public Optional<String> reason(String job, String category) {
        if (jobs.containsKey(job)) {
            return Optional.of("job " + job + " is paused" + because(jobs.get(job)));
        }
        if (categories.containsKey(category)) {
            return Optional.of("category " + category + " is paused" + because(categories.get(category)));
        }
        return Optional.empty();
    }

    /** The flag that pauses a job (its own before its category's), if any. */
    public Optional<Pause> pauseOf(String job, String category) {
        return Optional.ofNullable(jobs.get(job)).or(() -> Optional.ofNullable(categories.get(category)));
    }

    private static String because(Pause pause) {
        return pause.reason().isBlank() ? "" : ": " + pause.reason();
    }
}
