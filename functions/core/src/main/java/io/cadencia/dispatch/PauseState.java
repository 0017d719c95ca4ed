package io.cadencia.dispatch;

import java.util.Set;

/** Which jobs and categories an operator has paused (seed 001 pause flag). */
public record PauseState(Set<String> pausedJobs, Set<String> pausedCategories) {

    public static final PauseState NONE = new PauseState(Set.of(), Set.of());

    public PauseState {
        pausedJobs = Set.copyOf(pausedJobs);
        pausedCategories = Set.copyOf(pausedCategories);
    }

    public boolean isPaused(String job, String category) {
        return pausedJobs.contains(job) || pausedCategories.contains(category);
    }

    /** Why a job is paused, or null when it is not. */
    public String reason(String job, String category) {
        if (pausedJobs.contains(job)) {
            return "job " + job + " is paused";
        }
        if (pausedCategories.contains(category)) {
            return "category " + category + " is paused";
        }
        return null;
    }
}
