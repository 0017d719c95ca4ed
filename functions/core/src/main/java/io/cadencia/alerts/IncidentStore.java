package io.cadencia.alerts;

import java.util.List;
import java.util.Optional;

/**
 * Where one partition of incidents is kept: a tenant's, or the operators'. Thread-safe: any number of evaluations
 * in any number of containers may race on one incident, and the store's conditional writes decide. No argument is
 * null and nothing returned is null. A failed call to the store throws any {@link RuntimeException}.
 */
public interface IncidentStore {

    Optional<Incident> find(Alert alert, String subject);

    /** Every incident of the partition, open or resolved. */
    List<Incident> all();

    /**
     * Writes {@code incident} only if the stored one is still at {@code expectedVersion} (0: none stored). False when
     * another evaluation changed it first; the caller reads it again.
     */
    boolean save(Incident incident, long expectedVersion);

    /** Records that {@code channel} was told of {@code version}; a later version already recorded is kept. */
    void markNotified(Alert alert, String subject, Incident.Channel channel, long version);
}
