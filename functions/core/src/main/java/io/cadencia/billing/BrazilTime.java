package io.cadencia.billing;

import java.time.ZoneId;

/** Billing dates are civil dates in São Paulo, whatever zone the Lambda runs in. */
public final class BrazilTime {

    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    private BrazilTime() {
    }
}
