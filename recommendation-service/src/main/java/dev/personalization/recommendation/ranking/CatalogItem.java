package dev.personalization.recommendation.ranking;

import dev.personalization.recommendation.catalog.taxonomy.PriceBand;
import java.util.Objects;

/** One rankable product as the global models see it: its id, taxonomy category and price band. */
public record CatalogItem(String id, String category, PriceBand priceBand) {
    public CatalogItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(priceBand, "priceBand");
    }
}
