package dev.personalization.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A product of the catalog as recommendation-service publishes it on {@link Topics#CATALOG_PRODUCTS},
 * keyed by product id (the envelope's subject is null: a product is nobody's personal data). A tombstone
 * (null value) for a key removes the product. Consumers use it as vocabulary: profile-service keeps of a
 * search only the catalog terms and categories it matched.
 *
 * @param productId the product's id
 * @param category the category path, e.g. {@code home/candles}
 * @param terms words that describe the product (its name's words, tags); no prices
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogProductV1(String productId, String category, List<String> terms) {

    public static final String TYPE = "catalog.product.v1";
    public static final int SCHEMA_VERSION = 1;
}
