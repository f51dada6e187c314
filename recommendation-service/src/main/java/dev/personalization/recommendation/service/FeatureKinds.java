package dev.personalization.recommendation.service;

/** The feature kinds profile-service sends (ProfileFeaturesV1.Feature#kind) and the purpose each belongs to. */
public final class FeatureKinds {

    public static final String BROWSING = "browsing";
    public static final String PURCHASES = "purchases";
    public static final String SEARCH = "search";

    public static final String CATEGORY_AFFINITY = "category-affinity";
    public static final String VIEWED_PRODUCT = "viewed-product";
    public static final String PURCHASED_CATEGORY = "purchased-category";
    public static final String PRICE_BAND = "price-band";
    public static final String PURCHASED_PRODUCT = "purchased-product";
    public static final String SEARCH_TERM = "search-term";
    public static final String SEARCH_CATEGORY = "search-category";

    private FeatureKinds() {
    }

    /** The purpose a kind belongs to, or null for a kind this service does not know (it is not kept). */
    public static String purposeOf(String kind) {
        return switch (kind) {
            case CATEGORY_AFFINITY, VIEWED_PRODUCT -> BROWSING;
            case PURCHASED_CATEGORY, PRICE_BAND, PURCHASED_PRODUCT -> PURCHASES;
            case SEARCH_TERM, SEARCH_CATEGORY -> SEARCH;
            default -> null;
        };
    }

    /** The price band profile-service records for a price (its Minimizer's bands), never the amount. */
    public static String priceBand(java.math.BigDecimal price) {
        double value = price.doubleValue();
        if (value < 5) {
            return "under-5";
        } else if (value < 20) {
            return "5-20";
        } else if (value < 50) {
            return "20-50";
        } else if (value < 100) {
            return "50-100";
        } else if (value < 250) {
            return "100-250";
        }
        return "250-plus";
    }
}
