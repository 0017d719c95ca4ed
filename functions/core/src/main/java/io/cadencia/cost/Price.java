package io.cadencia.cost;

/**
 * One price of the cost model's table.
 *
 * @param usd       US dollars per {@code unit}
 * @param source    where the figure comes from (a URL)
 * @param retrieved the date it was read there
 * @param confirmed whether the figure was confirmed for the table's region; if not, {@code note} says what was taken
 */
public record Price(String id, double usd, String unit, String source, String retrieved, boolean confirmed, String note) {

    public Price {
        if (usd < 0 || Double.isNaN(usd)) {
            throw new IllegalArgumentException("price " + id + " value " + usd + " must be a non-negative number");
        }
    }
}
