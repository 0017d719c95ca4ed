package io.cadencia.cost;

import java.util.Map;

/** The prices of one region; a missing price is an error naming it. */
public record PriceTable(String region, Map<String, Price> prices, Map<String, Double> assumptions) {

    public PriceTable {
        prices = Map.copyOf(prices);
        assumptions = Map.copyOf(assumptions);
    }

    public Price price(String id) {
        Price price = prices.get(id);
        if (price == null) {
            throw new IllegalArgumentException("the price table of " + region + " has no price '" + id + "'; it has " + prices.keySet());
        }
        return price;
    }

    /** A modelling constant that is not a price (bytes per platform log line, idle polls), named in the table. */
    public double assumption(String id) {
        Double value = assumptions.get(id);
        if (value == null) {
            throw new IllegalArgumentException("the price table of " + region + " has no assumption '" + id + "'; it has " + assumptions.keySet());
        }
        return value;
    }

    /** The same table with every unconfirmed price multiplied by {@code factor}: how far the total leans on them. */
    public PriceTable withUnconfirmedTimes(double factor) {
        Map<String, Price> scaled = new java.util.HashMap<>();
        prices.forEach((id, p) -> scaled.put(id, p.confirmed() ? p
                : new Price(p.id(), p.usd() * factor, p.unit(), p.source(), p.retrieved(), false, p.note())));
        return new PriceTable(region, scaled, assumptions);
    }
}
