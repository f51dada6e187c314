package dev.personalization.profile.service;

import dev.personalization.profile.config.ProfileConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How many data of each kind a subject may hold, on top of the purpose's time window: the most recently
 * seen product ids, the best-scored categories, price bands and search data. Without a count a profile
 * grows with every product viewed within the window; with it, what is held (and published) stays small.
 */
@ApplicationScoped
public class CountCaps {

    /**
     * Keep {@code keep} data of the kind: the newest (by last seen day, then score) when {@code byRecency},
     * else the highest scores decayed to now with the purpose's half-life.
     */
    public record Cap(String kind, int keep, boolean byRecency, double halfLifeSeconds) {
    }

    private final Map<String, Cap> byKind;

    public CountCaps(ProfileConfig config, PurposePolicy purposes) {
        int recent = positive("profile.windows.recent-products", config.windows().recentProducts());
        int top = positive("profile.windows.top-k", config.windows().topK());
        int search = positive("profile.search.top-k", config.search().topK());
        double browsing = purposes.halfLifeSeconds(ActivityType.VIEW.purpose());
        double purchases = purposes.halfLifeSeconds(ActivityType.PURCHASE.purpose());
        double searches = purposes.halfLifeSeconds(ActivityType.SEARCH.purpose());
        byKind = Map.of(
                DatumKind.CATEGORY_AFFINITY, new Cap(DatumKind.CATEGORY_AFFINITY, top, false, browsing),
                DatumKind.VIEWED_PRODUCT, new Cap(DatumKind.VIEWED_PRODUCT, recent, true, browsing),
                DatumKind.PURCHASED_CATEGORY, new Cap(DatumKind.PURCHASED_CATEGORY, top, false, purchases),
                DatumKind.PRICE_BAND, new Cap(DatumKind.PRICE_BAND, top, false, purchases),
                DatumKind.PURCHASED_PRODUCT, new Cap(DatumKind.PURCHASED_PRODUCT, recent, true, purchases),
                DatumKind.SEARCH_TERM, new Cap(DatumKind.SEARCH_TERM, search, false, searches),
                DatumKind.SEARCH_CATEGORY, new Cap(DatumKind.SEARCH_CATEGORY, search, false, searches));
    }

    /** The caps of the kinds a change touched. */
    public List<Cap> of(Collection<String> kinds) {
        List<Cap> caps = new ArrayList<>(kinds.size());
        for (String kind : kinds) {
            caps.add(byKind.get(kind));
        }
        return caps;
    }

    private static int positive(String key, int value) {
        if (value < 1) {
            throw new IllegalStateException(key + " must be at least 1");
        }
        return value;
    }
}
