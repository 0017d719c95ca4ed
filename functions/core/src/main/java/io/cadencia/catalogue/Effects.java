package io.cadencia.catalogue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a job's run changes anything a second delivery of the same tick could change again. Written in
 * template.yaml in the schedule's Input as {@code "effects": "none"}; absent means {@link #ONCE}. The argument for
 * each job is in docs/job-effects.md.
 */
public enum Effects {
    /**
     * The run has an effect (a message sent, data changed, a report delivered): the worker claims the run before it
     * starts, so a duplicated or redelivered message does nothing twice, and two deliveries never overlap.
     */
    ONCE,
    /**
     * The run only observes (a health check): a second run of the same tick is harmless, so it runs without a claim
     * and only its execution record is written, conditionally, one per tick.
     */
    NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the Input's {@code effects} field; absent means {@link #ONCE}. An error names the schedule, field and value. */
    public static Effects parse(Object raw, String where) {
        if (raw == null) {
            return ONCE;
        }
        return Arrays.stream(values()).filter(e -> e.wire().equals(raw)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(where + ": effects value '" + raw + "' is not one of "
                        + Arrays.stream(values()).map(Effects::wire).collect(Collectors.joining(", "))));
    }
}
