package dev.personalization.recommendation.service;

/**
 * Why an item is shown. {@code purpose} is the consent whose data chose it, or null when nothing about the
 * shopper was used (popularity, relevance, the catalog's order).
 *
 * @param dataCategory what kind of data was used, e.g. "purchase history" or "aggregate popularity"
 * @param text a plain sentence for the shopper
 */
public record Reason(String purpose, String dataCategory, String text) {

    public boolean personal() {
        return purpose != null;
    }

    public static Reason popular() {
        return new Reason(null, "aggregate popularity", "popular with many shoppers lately");
    }

    public static Reason catalog() {
        return new Reason(null, "catalog", "from our catalog");
    }
}
