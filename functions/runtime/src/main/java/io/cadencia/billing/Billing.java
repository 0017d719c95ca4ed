package io.cadencia.billing;

import io.cadencia.claim.DynamoClaims;
import io.cadencia.retry.Sleeper;
import io.cadencia.tenant.TenantScope;

import java.time.Clock;
import java.util.function.Function;

/**
 * The billing repositories of the work table, one per aggregate. Each reaches a tenant's items only through that
 * tenant's {@link TenantScope}, so a key outside the tenant is refused before it reaches DynamoDB.
 */
public record Billing(Cycles cycles, Contacts contacts, ReminderMessages messages, Templates templates) {

    /**
     * @param sleeper how an ingest pauses while another ingest of the same id is still writing its cycle
     * @param clock   when the sender's wake was last moved, which its settle compares with the due index's lag
     */
    public static Billing of(Function<String, TenantScope> work, DynamoClaims claims, Sleeper sleeper, Clock clock) {
        ReminderMessages messages = new ReminderMessages(work, claims, clock);
        return new Billing(new Cycles(work, messages, sleeper), new Contacts(work), messages, new Templates(work));
    }
}
