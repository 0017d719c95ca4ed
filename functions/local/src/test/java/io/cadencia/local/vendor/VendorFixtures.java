package io.cadencia.local.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The vendors' own bodies under {@code src/test/resources/vendor/} (see each folder's SOURCES.md), and the check that a
 * simulator's answer has the vendor's shape.
 */
public final class VendorFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VendorFixtures() {
    }

    /** The fixture's bytes as text, verbatim: what a client must be able to parse. */
    public static String text(String path) {
        try (InputStream in = VendorFixtures.class.getResourceAsStream("/vendor/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture vendor/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        return parse(text(path));
    }

    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where {@code actual} leaves the vendor's shape: a field the vendor never sends, or a field whose JSON type differs
     * (a null in the vendor's example accepts any type; every element of an array is held against the union of the
     * example's elements). Empty when the simulator invents nothing.
     */
    public static List<String> shapeViolations(JsonNode vendor, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", vendor, actual, out);
        return out;
    }

    private static void compare(String at, JsonNode vendor, JsonNode actual, List<String> out) {
        if (vendor.isNull() || actual.isNull()) {
            return;
        }
        if (vendor.getNodeType() != actual.getNodeType()) {
            out.add(at + ": " + actual.getNodeType() + " where the vendor sends " + vendor.getNodeType());
            return;
        }
        if (actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode expected = vendor.get(field.getKey());
                if (expected == null) {
                    out.add(at + "." + field.getKey() + ": not in the vendor's body");
                } else {
                    compare(at + "." + field.getKey(), expected, field.getValue(), out);
                }
            }
        } else if (actual.isArray() && !vendor.isEmpty()) {
            JsonNode union = union(vendor);
            for (int i = 0; i < actual.size(); i++) {
                compare(at + "[" + i + "]", union, actual.get(i), out);
            }
        }
    }

    private static JsonNode union(JsonNode array) {
        if (!array.get(0).isObject()) {
            return array.get(0);
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (JsonNode element : array) {
            element.fields().forEachRemaining(f -> {
                JsonNode known = merged.get(f.getKey());
                if (known == null || known.isNull()) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
        }
        return merged;
    }
}
