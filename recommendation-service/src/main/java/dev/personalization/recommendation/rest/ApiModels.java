package dev.personalization.recommendation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
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
     * @param terms the product's tags: search vocabulary, single words (inner '-' allowed), stored lowercase;
     *        optional
     * @param sensitive true for a product that must never be recommended on the strength of inferred
     *        interest (health, intimacy, ...); default false
     */
    public record ProductRequest(String title, String category, BigDecimal price, List<String> terms,
            Boolean sensitive) {
    }

    /** One product of {@code POST /api/catalog/products}: a {@link ProductRequest} with its id. */
    public record BulkProductRequest(String id, String title, String category, BigDecimal price, List<String> terms,
            Boolean sensitive) {
    }

    public record ProductResponse(String id, String title, String category, BigDecimal price, List<String> terms,
            boolean sensitive, Instant updatedAt) {
    }

    public record ProductsResponse(List<ProductResponse> products) {
    }

    /** What a bulk write did: every product was created or replaced (or none, with an error instead). */
    public record BulkResponse(int created, int replaced) {
    }

    /**
     * {@code PUT /api/deals/{id}}: a promotion on one product or on a category (and below it).
     *
     * @param productId the product, or null with a category
     * @param category the category path, or null with a product
     * @param percentOff 1 to 90
     * @param validFrom start (inclusive, RFC 3339)
     * @param validUntil end (exclusive), after validFrom
     */
    public record DealRequest(String productId, String category, Integer percentOff, Instant validFrom,
            Instant validUntil) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DealResponse(String id, String productId, String category, int percentOff, Instant validFrom,
            Instant validUntil, Instant updatedAt) {
    }

    /**
     * Why an item is shown.
     *
     * @param purpose the consent whose data chose it; absent when nothing about the shopper was used
     * @param dataCategory the kind of data used
     * @param text a plain sentence
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReasonResponse(String purpose, String dataCategory, String text) {
    }

    public record ItemResponse(String id, String title, String category, BigDecimal price,
            List<ReasonResponse> reasons) {
    }

    /** {@code GET /api/recommendations/me}: {@code personalized} says whether any item used the shopper's data. */
    public record RecommendationsResponse(boolean personalized, List<ItemResponse> buyAgain,
            List<ItemResponse> discover) {
    }

    /**
     * One promotion for the shopper.
     *
     * @param product the product it applies to, absent for a category promotion
     * @param category the category it applies to (the product's, for a product promotion)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DealItemResponse(String id, ItemResponse product, String category, int percentOff,
            Instant validUntil, List<ReasonResponse> reasons) {
    }

    public record DealsResponse(boolean personalized, List<DealItemResponse> deals) {
    }

    public record SearchResponse(boolean personalized, List<ItemResponse> results) {
    }
}
