package io.cadencia.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validates one ingest item and reports every invalid field at once, so the ISP can fix them in one go. */
public final class BillingValidator {

    /**
     * The longest value accepted per text field, in characters: generous for real data, and small enough that a
     * cycle with its messages stays far below DynamoDB's 400 KB item and 4 MB transaction limits.
     */
    public static final Map<String, Integer> TEXT_LIMITS = limits();
    /** Upper bound of one bill, inclusive: anything above is a unit mistake (centavos sent as reais) or a test value. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000.00");

    private static final int QUOTED_PREFIX = 20;

    private final Clock clock;
    private final ZoneId zone;

    /** @param zone the tenant's zone, whose today bounds the due dates */
    public BillingValidator(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    private static Map<String, Integer> limits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("externalBillingId", 128);
        limits.put("customer.name", 200);
        limits.put("customer.phone", 40);
        limits.put("customer.document", 40);
        limits.put("dueDate", 40);
        limits.put("paymentLink", 2048);
        limits.put("pixCode", 512);
        limits.put("hubsoftInvoiceId", 40);
        return Collections.unmodifiableMap(limits);
    }

    public Result<ValidBilling> validate(BillingInput input) {
        List<FieldError> errors = new ArrayList<>();
        String externalId = tooLong("externalBillingId", input.externalBillingId(), errors) ? null
                : required(input.externalBillingId(), "externalBillingId", errors);
        String name = tooLong("customer.name", input.customerName(), errors) ? null
                : required(input.customerName(), "customer.name", errors);
        String phone = tooLong("customer.phone", input.phone(), errors) ? null
                : collect(PhoneNumbers.normalize(input.phone()), errors);
        TaxId document = tooLong("customer.document", input.document(), errors) ? null
                : collect(TaxIds.validate(input.document()), errors);
        BigDecimal amount = amount(input.amount(), errors);
        LocalDate dueDate = tooLong("dueDate", input.dueDate(), errors) ? null
                : collect(DueDateRule.validate(input.dueDate(), clock, zone), errors);
        Optional<String> link = tooLong("paymentLink", input.paymentLink(), errors) ? Optional.empty() : optional(input.paymentLink());
        link.filter(l -> !isHttpUrl(l)).ifPresent(l ->
                errors.add(new FieldError("paymentLink", "\"" + l + "\" is not an http(s) URL")));
        Optional<String> pix = tooLong("pixCode", input.pixCode(), errors) ? Optional.empty() : optional(input.pixCode());
        Optional<Long> invoiceId = tooLong("hubsoftInvoiceId", input.hubsoftInvoiceId(), errors) ? Optional.empty()
                : invoiceId(input.hubsoftInvoiceId(), errors);
        if (!errors.isEmpty()) {
            return Result.errors(errors);
        }
        return Result.ok(new ValidBilling(externalId, name, phone, document, amount, dueDate, link, pix, invoiceId));
    }

    /**
     * Whether the value is over its field's limit, then with an error that quotes only its start (echoing a megabyte
     * back helps nobody); no other check looks at such a value.
     */
    private static boolean tooLong(String field, String value, List<FieldError> errors) {
        if (value == null) {
            return false;
        }
        int limit = TEXT_LIMITS.get(field);
        int length = value.codePointCount(0, value.length());
        if (length <= limit) {
            return false;
        }
        errors.add(new FieldError(field, "\"" + value.substring(0, value.offsetByCodePoints(0, QUOTED_PREFIX)) + "…\" is "
                + length + " characters long; at most " + limit + " are accepted"));
        return true;
    }

    private static String required(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "\"" + (value == null ? "" : value) + "\" is required"));
            return null;
        }
        return value.strip();
    }

    private static BigDecimal amount(BigDecimal amount, List<FieldError> errors) {
        if (amount == null) {
            errors.add(new FieldError("amount", "\"\" is required"));
            return null;
        }
        String shown = amount.toPlainString().length() <= QUOTED_PREFIX ? amount.toPlainString() : amount.toString();
        if (amount.signum() <= 0) {
            errors.add(new FieldError("amount", "\"" + shown + "\" must be greater than zero"));
            return null;
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            errors.add(new FieldError("amount", "\"" + shown + "\" is more than the maximum " + MAX_AMOUNT.toPlainString()));
            return null;
        }
        // 10.500 is still ten reais and fifty centavos; only non-zero fractions of a centavo are wrong.
        if (amount.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError("amount", "\"" + shown + "\" has more than 2 decimal places"));
            return null;
        }
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** HubSoft's id_fatura is a positive integer; anything else would never match an invoice and silently skip the check. */
    private static Optional<Long> invoiceId(String raw, List<FieldError> errors) {
        Optional<String> value = optional(raw);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().matches("[1-9]\\d{0,17}")) {
            return Optional.of(Long.parseLong(value.get()));
        }
        errors.add(new FieldError("hubsoftInvoiceId", "\"" + value.get() + "\" is not a positive integer (HubSoft id_fatura)"));
        return Optional.empty();
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static <T> T collect(Result<T> result, List<FieldError> errors) {
        if (result.isOk()) {
            return result.value();
        }
        errors.addAll(result.errors());
        return null;
    }
}
