package io.cadencia.billing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Edge cases 1 and 9: batch size limit, chunking, and duplicate external ids inside one batch. */
public final class BatchRules {

    public static final int MAX_BATCH_SIZE = 1000;
    public static final int CHUNK_SIZE = 100;

    private BatchRules() {
    }

    /** An oversized batch is refused whole: accepting a prefix would leave the ISP guessing what was dropped. */
    public static Optional<FieldError> checkSize(int itemCount) {
        if (itemCount > MAX_BATCH_SIZE) {
            return Optional.of(new FieldError("items", "batch has " + itemCount + " items; at most "
                    + MAX_BATCH_SIZE + " are accepted per request"));
        }
        return Optional.empty();
    }

    public static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < items.size(); start += CHUNK_SIZE) {
            chunks.add(List.copyOf(items.subList(start, Math.min(items.size(), start + CHUNK_SIZE))));
        }
        return List.copyOf(chunks);
    }

    /**
     * Errors by item index for each repeat of an earlier externalBillingId. {@code ids} holds each item's stripped id,
     * null for an item that failed validation: the first <em>valid</em> copy is the one kept, so a bad first copy
     * cannot make a good later one look like a duplicate.
     */
    public static Map<Integer, FieldError> duplicates(List<String> ids) {
        Map<String, Integer> firstIndex = new HashMap<>();
        Map<Integer, FieldError> errors = new TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(id, i);
            if (first != null) {
                errors.put(i, new FieldError("externalBillingId", "\"" + id + "\" is a duplicate of item " + first + " in this batch"));
            }
        }
        return errors;
    }
}
