package io.cadencia.local;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Generates ingest items for tests and the simulation: valid CPFs, distinct mobiles, and deliberately bad data. */
public final class BillingData {

    private BillingData() {
    }

    /** A CPF with correct check digits derived from {@code seed} (never all-equal digits). */
    public static String cpf(long seed) {
        int[] d = new int[11];
        long n = Math.floorMod(seed * 7919L + 123_456_789L, 1_000_000_000L);
        for (int i = 8; i >= 0; i--) {
            d[i] = (int) (n % 10);
            n /= 10;
        }
        if (d[0] == d[1]) {
            d[1] = (d[1] + 1) % 10;
        }
        d[9] = check(d, 9);
        d[10] = check(d, 10);
        StringBuilder s = new StringBuilder();
        for (int digit : d) {
            s.append(digit);
        }
        return s.toString();
    }

    private static int check(int[] d, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += d[i] * (length + 1 - i);
        }
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }

    /** A São Paulo mobile in national format, distinct for each {@code n} below 10 million. */
    public static String mobile(int n) {
        return String.format("(11) 98%03d-%04d", (n / 10_000) % 1000, n % 10_000);
    }

    /** The E.164 form of {@link #mobile(int)}. */
    public static String e164(int n) {
        return String.format("+551198%03d%04d", (n / 10_000) % 1000, n % 10_000);
    }

    public static Map<String, Object> billing(String externalId, String name, String phone, String document, BigDecimal amount,
                                              LocalDate dueDate) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", name);
        customer.put("phone", phone);
        customer.put("document", document);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("externalBillingId", externalId);
        item.put("customer", customer);
        item.put("amount", amount);
        item.put("dueDate", dueDate.toString());
        item.put("paymentLink", "https://pay.example.com/" + externalId);
        item.put("pixCode", "00020126PIX" + externalId);
        return item;
    }

    /** A valid billing number {@code n} (phone, CPF and amount all derived from it). */
    public static Map<String, Object> valid(String externalId, int n, LocalDate dueDate) {
        return billing(externalId, "Cliente " + n, mobile(n), cpf(n), new BigDecimal(50 + n % 200 + ".90"), dueDate);
    }

    /** One of a few kinds of bad item, chosen by {@code random}: bad phone, bad CPF, zero amount, far due date. */
    public static Map<String, Object> bad(String externalId, int n, LocalDate dueDate, Random random) {
        Map<String, Object> item = valid(externalId, n, dueDate);
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) item.get("customer");
        switch (random.nextInt(4)) {
            case 0 -> customer.put("phone", "(01) 1234-567");
            case 1 -> customer.put("document", "111.111.111-11");
            case 2 -> item.put("amount", BigDecimal.ZERO);
            default -> item.put("dueDate", dueDate.plusYears(3).toString());
        }
        return item;
    }
}
