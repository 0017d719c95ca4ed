package io.cadencia.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates one ingest item and reports every invalid field at once, so the ISP can fix them in one go. */
public final class BillingValidator {

    public static final int MAX_EXTERNAL_ID_LENGTH = 128;

    private final Clock clock;

    public BillingValidator(Clock clock) {
        this.clock = clock;
    }

    public Result<ValidBilling> validate(BillingInput input) {
        List<FieldError> errors = new ArrayList<>();
        String externalId = required(input.externalBillingId(), "externalBillingId", errors);
        if (externalId != null && externalId.length() > MAX_EXTERNAL_ID_LENGTH) {
            errors.add(new FieldError("externalBillingId", "\"" + externalId + "\" is longer than "
                    + MAX_EXTERNAL_ID_LENGTH + " characters"));
        }
        String name = required(input.customerName(), "customer.name", errors);
        String phone = collect(PhoneNumbers.normalize(input.phone()), errors);
        TaxId document = collect(TaxIds.validate(input.document()), errors);
        BigDecimal amount = amount(input.amount(), errors);
        LocalDate dueDate = collect(DueDateRule.validate(input.dueDate(), clock), errors);
        Optional<String> link = optional(input.paymentLink());
        link.filter(l -> !isHttpUrl(l)).ifPresent(l ->
                errors.add(new FieldError("paymentLink", "\"" + l + "\" is not an http(s) URL")));
        Optional<Long> invoiceId = invoiceId(input.hubsoftInvoiceId(), errors);
        if (!errors.isEmpty()) {
            return Result.errors(errors);
        }
        return Result.ok(new ValidBilling(externalId, name, phone, document, amount, dueDate, link,
                optional(input.pixCode()), invoiceId));
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
        if (amount.signum() <= 0) {
            errors.add(new FieldError("amount", "\"" + amount.toPlainString() + "\" must be greater than zero"));
            return null;
        }
        // 10.500 is still ten reais and fifty centavos; only non-zero fractions of a centavo are wrong.
        if (amount.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError("amount", "\"" + amount.toPlainString() + "\" has more than 2 decimal places"));
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
