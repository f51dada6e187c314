package dev.personalization.recommendation.ranking;

import dev.personalization.recommendation.catalog.taxonomy.PriceBand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items a ranker may return, in a fixed order: every model and score array is indexed by the
 * position of an item here, so the hot loops work on arrays instead of maps of ids.
 */
public final class ItemCatalog {

    private final String[] ids;
    private final String[] categories;
    private final PriceBand[] priceBands;
    private final Map<String, Integer> positions;

    private ItemCatalog(List<CatalogItem> items) {
        ids = new String[items.size()];
        categories = new String[items.size()];
        priceBands = new PriceBand[items.size()];
        positions = new HashMap<>(items.size() * 2);
        for (int i = 0; i < items.size(); i++) {
            CatalogItem item = items.get(i);
            if (positions.putIfAbsent(item.id(), i) != null) {
                throw new IllegalArgumentException("an item id appears twice in the catalog");
            }
            ids[i] = item.id();
            categories[i] = item.category();
            priceBands[i] = item.priceBand();
        }
    }

    public static ItemCatalog of(List<CatalogItem> items) {
        return new ItemCatalog(items);
    }

    public int size() {
        return ids.length;
    }

    /** The position of an item, or -1 when the catalog does not hold it. */
    public int indexOf(String id) {
        Integer position = positions.get(id);
        return position == null ? -1 : position;
    }

    public String id(int index) {
        return ids[index];
    }

    public String category(int index) {
        return categories[index];
    }

    public PriceBand priceBand(int index) {
        return priceBands[index];
    }
}
