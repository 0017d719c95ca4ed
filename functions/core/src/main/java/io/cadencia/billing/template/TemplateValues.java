package io.cadencia.billing.template;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * What a template is filled with; a missing link or PIX code renders as an empty string. {@code sendDate} is the
 * São Paulo date the message goes out, which decides whether the bill is still to fall due, due today or overdue.
 */
public record TemplateValues(String customerName, BigDecimal amount, LocalDate dueDate,
        Optional<String> paymentLink, Optional<String> pixCode, LocalDate sendDate) {

    /** Where the send date stands against the due date; a step planned before it may go out after it. */
    public enum Timing { BEFORE_DUE, DUE_TODAY, OVERDUE }

    private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");
    private static final DateTimeFormatter DD_MM_YYYY = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    public Timing timing() {
        int order = sendDate.compareTo(dueDate);
        return order < 0 ? Timing.BEFORE_DUE : order == 0 ? Timing.DUE_TODAY : Timing.OVERDUE;
    }

    /** "R$ 1.234,56" with an ordinary space: the JDK puts U+00A0 there, which some WhatsApp clients mangle. */
    public static String formatAmount(BigDecimal amount) {
        NumberFormat format = NumberFormat.getCurrencyInstance(PT_BR);
        return format.format(amount).replace('\u00A0', ' ').replace('\u202F', ' ');
    }

    String valueOf(String placeholder) {
        return switch (placeholder) {
            case "nome" -> customerName;
            case "valor" -> formatAmount(amount);
            case "vencimento" -> DD_MM_YYYY.format(dueDate);
            case "link" -> paymentLink.orElse("");
            case "pix" -> pixCode.orElse("");
            default -> throw new IllegalArgumentException("unknown placeholder {" + placeholder + "}");
        };
    }
}
