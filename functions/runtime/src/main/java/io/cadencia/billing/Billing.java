package io.cadencia.billing;

import io.cadencia.app.Cadencia;

/** Builds the billing adapters from a composition root, so the root itself needs no billing fields. */
public final class Billing {

    private Billing() {
    }

    public static BillingStore store(Cadencia app) {
        return new BillingStore(app.aws().dynamo(), app.claims(), app.config().workTable());
    }
}
