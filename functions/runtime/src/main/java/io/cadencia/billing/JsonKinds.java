package io.cadencia.billing;

import java.util.List;
import java.util.Map;

/** Names what a JSON value is in the words of the JSON a caller wrote, never a Java type name. */
final class JsonKinds {

    private JsonKinds() {
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "true/false";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        return "an unsupported value";
    }
}
