package io.cadencia.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchRulesTest {

    @Test
    void refusesBatchesOverOneThousandNamingTheCount() {
        assertThat(BatchRules.checkSize(1000)).isEmpty();
        assertThat(BatchRules.checkSize(1001)).contains(new FieldError("items",
                "batch has 1001 items; at most 1000 are accepted per request"));
    }

    @Test
    void splitsIntoChunksOfOneHundred() {
        List<Integer> items = IntStream.range(0, 250).boxed().toList();
        List<List<Integer>> chunks = BatchRules.chunks(items);
        assertThat(chunks).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(chunks.get(2).get(0)).isEqualTo(200);
        assertThat(BatchRules.chunks(List.of())).isEmpty();
    }

    @Test
    void rejectsLaterOccurrencesOfAnExternalIdNamingTheFirstIndex() {
        List<String> ids = Arrays.asList("A", "B", "A", "A", "C", "B", null, null);
        assertThat(BatchRules.duplicates(ids)).containsOnlyKeys(2, 3, 5);
        assertThat(BatchRules.duplicates(ids).get(3)).isEqualTo(new FieldError("externalBillingId",
                "\"A\" is a duplicate of item 0 in this batch"));
        assertThat(BatchRules.duplicates(ids).get(5).message()).isEqualTo("\"B\" is a duplicate of item 1 in this batch");
    }

    /** Item 0 carried "A" but failed validation: the valid copy at 1 is kept, the one at 2 is its duplicate. */
    @Test
    void anInvalidFirstCopyDoesNotMakeTheFirstValidCopyADuplicate() {
        assertThat(BatchRules.duplicates(Arrays.asList(null, "A", "A"))).containsOnlyKeys(2);
        assertThat(BatchRules.duplicates(Arrays.asList(null, "A", "A")).get(2).message())
                .isEqualTo("\"A\" is a duplicate of item 1 in this batch");
    }
}
