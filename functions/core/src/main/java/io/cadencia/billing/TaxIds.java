package io.cadencia.billing;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validates CPF and CNPJ check digits, including the alphanumeric CNPJ of IN RFB 2.229/2024. */
public final class TaxIds {

    public static final String FIELD = "customer.document";

    private static final Pattern FORMATTING = Pattern.compile("[.\\-/\\s]");
    private static final Pattern CPF = Pattern.compile("\\d{11}");
    private static final Pattern CNPJ = Pattern.compile("[0-9A-Z]{12}\\d{2}");
    private static final int[] CPF_WEIGHTS = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] CNPJ_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private TaxIds() {
    }

    /**
     * The one form of a CPF/CNPJ used everywhere (ingest, cycles, HubSoft queries, cache keys): punctuation removed,
     * upper case. Letters are kept: from July 2026 a CNPJ may hold them (IN RFB 2.229/2024), and stripping them
     * would look up another document.
     */
    public static String normalize(String document) {
        // Receita defines the alphanumeric CNPJ in upper case; lower case is a typing slip, not another id.
        return FORMATTING.matcher(document).replaceAll("").toUpperCase(Locale.ROOT);
    }

    public static Result<TaxId> validate(String document) {
        if (document == null || document.isBlank()) {
            return invalid(document, "empty");
        }
        String compact = normalize(document);
        boolean wellFormed = CPF.matcher(compact).matches() || CNPJ.matcher(compact).matches();
        // Repeated digits pass the mod-11 check but are placeholders typed into forms, never real ids.
        if (wellFormed && compact.chars().distinct().count() == 1) {
            return invalid(document, "all digits are equal");
        }
        if (CPF.matcher(compact).matches()) {
            return hasValidCheckDigits(compact) ? Result.ok(new TaxId(TaxId.Type.CPF, compact))
                    : invalid(document, "wrong CPF check digits");
        }
        if (CNPJ.matcher(compact).matches()) {
            return hasValidCheckDigits(compact) ? Result.ok(new TaxId(TaxId.Type.CNPJ, compact))
                    : invalid(document, "wrong CNPJ check digits");
        }
        if (compact.length() == 14) {
            return invalid(document, "CNPJ must be 12 characters 0-9/A-Z followed by 2 check digits");
        }
        return invalid(document, "must be a CPF (11 digits) or CNPJ (14 characters), got " + compact.length());
    }

    private static boolean hasValidCheckDigits(String id) {
        int[] weights = id.length() == 11 ? CPF_WEIGHTS : CNPJ_WEIGHTS;
        int base = id.length() - 2;
        return checkDigit(id, base, weights) == id.charAt(base) - '0'
                && checkDigit(id, base + 1, weights) == id.charAt(base + 1) - '0';
    }

    // Both documents use mod 11 over the preceding characters with right-aligned weights; for the
    // alphanumeric CNPJ a character is worth its code minus 48, which leaves digits unchanged.
    private static int checkDigit(String id, int length, int[] weights) {
        int offset = weights.length - length;
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (id.charAt(i) - '0') * weights[offset + i];
        }
        int remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }

    private static Result<TaxId> invalid(String document, String reason) {
        return Result.error(FIELD, "\"" + (document == null ? "" : document) + "\" is not a valid CPF/CNPJ (" + reason + ")");
    }
}
