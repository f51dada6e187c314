package dev.personalization.recommendation.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the recommendation service's API. Entities never leave the service. */
public final class ApiModels {

    private ApiModels() {
    }

    /**
     * {@code PUT /api/catalog/products/{id}}: the whole product; fields left out are not kept.
     *
     * @param title 1 to 200 characters
     * @param category a path of lowercase segments, most general first, e.g. {@code electronics/audio}
     * @param price at least 0, at most 2 decimal places
     * @param terms search vocabulary: single words (inner '-' allowed), stored lowercase; optional
     */
    public record ProductRequest(String title, String category, BigDecimal price, List<String> terms) {
    }

    public record ProductResponse(String id, String title, String category, BigDecimal price, List<String> terms,
            Instant updatedAt) {
    }

    public record ProductsResponse(List<ProductResponse> products) {
    }
}
