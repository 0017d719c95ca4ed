package io.cadencia.hubsoft;

/** What a cached HubSoft answer is, which decides how long it stays fresh (seed 003 §3). */
public enum CacheCategory {
    /** Full client record (name, phones, services): 30 min. */
    CLIENT_DATA,
    /** The client's contract/service status: changes rarely, 4 h. */
    CONTRACT_STATUS,
    /** Service data (plans, technology): 1 h. */
    SERVICE_DATA,
    /**
     * A client's invoices. Not in seed 003: added because "is this invoice paid?" decides whether a reminder goes out,
     * so it must be fresher than contract status: 10 min.
     */
    INVOICES
}
