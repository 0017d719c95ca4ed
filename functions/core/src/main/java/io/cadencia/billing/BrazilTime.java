package io.cadencia.billing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Billing dates are civil dates in São Paulo, whatever zone the Lambda runs in. */
public final class BrazilTime {

    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    /** The forms an operator may write an instant in: with an offset, or as a São Paulo wall-clock time. */
    private static final List<Function<String, Instant>> INSTANT_FORMS = List.of(
            text -> OffsetDateTime.parse(text).toInstant(),
            text -> LocalDateTime.parse(text).atZone(ZONE).toInstant());

    private BrazilTime() {
    }

    /**
     * An instant an operator wrote: ISO-8601 with an offset ({@code 2026-11-24T08:00-03:00}, {@code
     * 2026-11-24T11:00:00Z}) or a São Paulo local time ({@code 2026-11-24T08:00}, its offset that day, DST
     * included); empty when it is neither.
     */
    public static Optional<Instant> instant(String text) {
        for (Function<String, Instant> form : INSTANT_FORMS) {
            try {
                return Optional.of(form.apply(text));
            } catch (DateTimeParseException e) {
                // not this form; the next one may read it
            }
        }
        return Optional.empty();
    }
}
