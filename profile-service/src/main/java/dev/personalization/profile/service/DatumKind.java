package dev.personalization.profile.service;

/** What a datum is; each kind belongs to one purpose (DESIGN.md's minimization table). */
public final class DatumKind {

    /** browsing: per-category interest score with time decay. */
    public static final String CATEGORY_AFFINITY = "category-affinity";
    /** browsing: a product viewed within the window. */
    public static final String VIEWED_PRODUCT = "viewed-product";
    /** purchases: the category of a bought item. */
    public static final String PURCHASED_CATEGORY = "purchased-category";
    /** purchases: the price band of a bought item (never the amount). */
    public static final String PRICE_BAND = "price-band";
    /** purchases: a product bought within the window. */
    public static final String PURCHASED_PRODUCT = "purchased-product";
    /** search: a catalog term a query matched (never the query). */
    public static final String SEARCH_TERM = "search-term";
    /** search: a catalog category a query matched. */
    public static final String SEARCH_CATEGORY = "search-category";

    private DatumKind() {
    }
}
