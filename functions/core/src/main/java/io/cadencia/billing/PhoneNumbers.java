package io.cadencia.billing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/** Normalizes Brazilian phone numbers to E.164 ({@code +55DDNNNNNNNNN}). */
public final class PhoneNumbers {

    public static final String FIELD = "customer.phone";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern ALLOWED = Pattern.compile("[0-9+()\\-.\\s/]+");
    // "0xx11" is how carrier-selection numbers are printed on bills; the xx stands for the carrier code.
    private static final Pattern CARRIER_PLACEHOLDER = Pattern.compile("^\\s*0\\s*[xX]{2}");

    private PhoneNumbers() {
    }

    /** Returns the E.164 number, always with 13 digits for mobiles (legacy 8-digit mobiles get their 9). */
    public static Result<String> normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return invalid(raw, "empty");
        }
        String trimmed = CARRIER_PLACEHOLDER.matcher(raw.strip()).replaceFirst("0");
        if (!ALLOWED.matcher(trimmed).matches()) {
            return invalid(raw, "contains characters other than digits and formatting");
        }
        boolean international = trimmed.startsWith("+");
        if (trimmed.lastIndexOf('+') > 0) {
            return invalid(raw, "'+' is only allowed at the start");
        }
        String digits = trimmed.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            return invalid(raw, "no digits");
        }

        String national;
        if (international) {
            if (!digits.startsWith("55")) {
                return invalid(raw, "country code is not +55");
            }
            national = digits.substring(2);
        } else if (digits.startsWith("0")) {
            String afterTrunk = digits.substring(1);
            // A trunk-prefixed number longer than DDD + number carries a 2-digit carrier selection code.
            national = afterTrunk.length() == 12 || afterTrunk.length() == 13 ? afterTrunk.substring(2) : afterTrunk;
        } else if (digits.startsWith("55") && digits.length() >= 12 && digits.length() <= 13) {
            // 12–13 digits only fit as country code + DDD + number; 10–11 starting 55 is DDD 55 (RS).
            national = digits.substring(2);
        } else {
            national = digits;
        }

        if (national.length() < 10) {
            return invalid(raw, "too short");
        }
        if (national.length() > 11) {
            return invalid(raw, "too long");
        }
        String ddd = national.substring(0, 2);
        if (ddd.indexOf('0') >= 0) {
            return invalid(raw, "invalid DDD " + ddd);
        }
        String subscriber = national.substring(2);
        if (subscriber.length() == 9) {
            if (subscriber.charAt(0) != '9') {
                return invalid(raw, "9-digit numbers must be mobiles starting with 9");
            }
        } else {
            char first = subscriber.charAt(0);
            if (first >= '6') {
                subscriber = "9" + subscriber;
            } else if (first < '2') {
                return invalid(raw, "8-digit numbers must start with 2–5 (landline) or 6–9 (old mobile)");
            }
        }
        String e164 = "+55" + ddd + subscriber;
        return isAssigned(e164) ? Result.ok(e164) : invalid(raw, "DDD " + ddd + " or number range not in use");
    }

    // libphonenumber knows which DDDs and number ranges Anatel actually assigned; our rules only check shape.
    private static boolean isAssigned(String e164) {
        try {
            PhoneNumber number = UTIL.parse(e164, "BR");
            return UTIL.isValidNumberForRegion(number, "BR");
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static Result<String> invalid(String raw, String reason) {
        return Result.error(FIELD, "\"" + (raw == null ? "" : raw) + "\" is not a valid Brazilian phone (" + reason + ")");
    }
}
