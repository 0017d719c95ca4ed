package io.cadencia.local;

/**
 * A third party simulated in-process that tests can take down and bring back.
 *
 * <p>{@link Outage} is declared here rather than in {@link SimulatedHttpServer} so that every simulator inherits it
 * as a member type: callers keep writing {@code HubSoftSimulator.Outage.REFUSE_CONNECTIONS} or
 * {@code EvolutionSimulator.Outage.SERVICE_UNAVAILABLE} while there is only one enum.
 */
public interface SimulatedService extends AutoCloseable {

    /** How the whole service is down. */
    enum Outage {
        /** Nothing listens on the port: connection refused. */
        REFUSE_CONNECTIONS,
        /** A proxy in front answers 503 to everything. */
        SERVICE_UNAVAILABLE
    }

    String baseUrl();

    void goDown(Outage how);

    void comeBack();

    @Override
    void close();
}
