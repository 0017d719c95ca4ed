package io.cadencia.work;

/**
 * A run's result ({@code succeeded}, {@code failed}, {@code skipped}) and the claim states of its record in the
 * runs table ({@code in_progress}, then {@code done}, or {@code failed}, which stays claimable so a redelivery
 * runs it again). The wire names are what the table and the control responses hold.
 */
public enum RunStatus {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    SKIPPED("skipped"),
    IN_PROGRESS("in_progress"),
    DONE("done");

    private final String wire;

    RunStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean is(String wire) {
        return this.wire.equals(wire);
    }

    /** The claim state a finished run leaves its record in. */
    public static RunStatus afterRun(String result) {
        return FAILED.is(result) ? FAILED : DONE;
    }
}
