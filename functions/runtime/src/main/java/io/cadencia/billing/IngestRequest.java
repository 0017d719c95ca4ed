package io.cadencia.billing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ingest request as JSON fields ({@code {"tenantId": "...", "billings": [...]}}) mapped to billing inputs. A
 * request that is wrong as a whole is refused; a wrongly typed item becomes that item's error in
 * {@code shapeErrors} (by index), never a whole-batch failure.
 *
 * @param tenantId as given; null when missing, which the ingest refuses naming the field
 */
public record IngestRequest(String tenantId, List<BillingInput> inputs, Map<Integer, FieldError> shapeErrors) {

    private static final int MAX_AMOUNT_TEXT = 40;
    private static final BillingInput EMPTY = new BillingInput(null, null, null, null, null, null, null, null);

    public static IngestRequest from(Map<String, Object> request) {
        Object tenantId = request.get("tenantId");
        if (tenantId != null && !(tenantId instanceof String) && !(tenantId instanceof Number)) {
            throw new BillingIngest.RefusedException("field 'tenantId' must be text, got " + JsonKinds.describe(tenantId));
        }
        Object billings = request.get("billings");
        if (billings == null) {
            throw new BillingIngest.RefusedException("field 'billings' is required: an array of billing objects");
        }
        if (!(billings instanceof List<?> list)) {
            throw new BillingIngest.RefusedException("field 'billings' must be an array of billing objects, got "
                    + JsonKinds.describe(billings));
        }
        List<BillingInput> inputs = new ArrayList<>(list.size());
        Map<Integer, FieldError> shapeErrors = new LinkedHashMap<>();
        for (Object item : list) {
            inputs.add(toInput(item, inputs.size(), shapeErrors));
        }
        return new IngestRequest(tenantId == null ? null : tenantId.toString(), inputs, shapeErrors);
    }

    /** Lenient mapping: wrong types become per-item errors the response names, never a whole-batch failure. */
    private static BillingInput toInput(Object item, int index, Map<Integer, FieldError> shapeErrors) {
        if (!(item instanceof Map<?, ?> map)) {
            shapeErrors.put(index, new FieldError("item", "must be a JSON object like {\"externalBillingId\": \"...\", "
                    + "\"customer\": {...}, \"amount\": ..., \"dueDate\": \"YYYY-MM-DD\"}, got " + JsonKinds.describe(item)));
            return EMPTY;
        }
        Object rawCustomer = map.get("customer");
        Map<?, ?> customer = rawCustomer instanceof Map<?, ?> c ? c : Map.of();
        if (rawCustomer != null && !(rawCustomer instanceof Map<?, ?>)) {
            shapeErrors.put(index, new FieldError("customer", "must be an object like {\"name\": \"...\", \"phone\": \"...\", "
                    + "\"document\": \"...\"}, got " + JsonKinds.describe(rawCustomer)));
        }
        return new BillingInput(text(map, "externalBillingId", "externalBillingId", index, shapeErrors),
                text(customer, "name", "customer.name", index, shapeErrors), text(customer, "phone", "customer.phone", index, shapeErrors),
                text(customer, "document", "customer.document", index, shapeErrors), amount(map.get("amount"), index, shapeErrors),
                text(map, "dueDate", "dueDate", index, shapeErrors), text(map, "paymentLink", "paymentLink", index, shapeErrors),
                text(map, "pixCode", "pixCode", index, shapeErrors), text(map, "hubsoftInvoiceId", "hubsoftInvoiceId", index, shapeErrors));
    }

    /** Text as given; a number is taken as its digits (phones, documents and ids are often sent unquoted). */
    private static String text(Map<?, ?> map, String key, String field, int index, Map<Integer, FieldError> shapeErrors) {
        Object value = map.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        shapeErrors.putIfAbsent(index, new FieldError(field, "must be text, got " + JsonKinds.describe(value)));
        return null;
    }

    private static BigDecimal amount(Object value, int index, Map<Integer, FieldError> shapeErrors) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return exact(number, index, shapeErrors);
        }
        if (!(value instanceof String text)) {
            shapeErrors.putIfAbsent(index, new FieldError("amount", "must be a number like 1234.56 or a string like \"1234.56\", got "
                    + JsonKinds.describe(value)));
            return null;
        }
        String digits = text.strip();
        if (digits.length() > MAX_AMOUNT_TEXT) {
            shapeErrors.putIfAbsent(index, new FieldError("amount", "\"" + digits.substring(0, 20) + "…\" is " + digits.length()
                    + " characters long; at most " + MAX_AMOUNT_TEXT + " are accepted"));
            return null;
        }
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            shapeErrors.putIfAbsent(index, new FieldError("amount", "\"" + digits + "\" is not a number"));
            return null;
        }
    }

    /**
     * A console invoke reaches us through the Lambda runtime's own JSON reader, which turns 1234.56 into a double.
     * Fifteen significant digits recover the decimal that was written for every amount a double can carry exactly
     * enough (all below the upper bound), so 0.1 stays 0.10 and 10.005 stays three places (and is refused).
     */
    private static BigDecimal exact(Number number, int index, Map<Integer, FieldError> shapeErrors) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                shapeErrors.putIfAbsent(index, new FieldError("amount", "\"" + number + "\" is not a finite number"));
                return null;
            }
            return new BigDecimal(d).round(new MathContext(15)).stripTrailingZeros();
        }
        return new BigDecimal(number.toString());
    }
}
