package io.cadencia.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Short constructors and readers for DynamoDB attribute values. */
public final class Attr {

    private Attr() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static long num(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
    }

    public static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    /** TTL attribute value: epoch seconds. */
    /**
     * Appends {@code , #a0 = :a0, …} for each attribute of {@code set} to an update expression, with its names and
     * values (placeholders, so any attribute name is safe). Returns how many were appended.
     */
    public static int appendSets(StringBuilder update, Map<String, AttributeValue> set, Map<String, String> names,
                                 Map<String, AttributeValue> values) {
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : set.entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, e.getValue());
            update.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        return i;
    }

    /**
     * The {@code (:p0, :p1, …)} of an {@code IN} condition over {@code members}, each put into {@code values} as a
     * string under {@code prefix} and its index.
     */
    public static String in(String prefix, List<String> members, Map<String, AttributeValue> values) {
        StringJoiner placeholders = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < members.size(); i++) {
            values.put(prefix + i, s(members.get(i)));
            placeholders.add(prefix + i);
        }
        return placeholders.toString();
    }

    public static AttributeValue expiresAt(Instant at) {
        return n(at.getEpochSecond());
    }
}
