package dev.personalization.recommendation.ranking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.recommendation.catalog.taxonomy.PriceBand;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankersTest {

    private static final Instant NOW = Instant.parse("2011-11-01T00:00:00Z");

    private static ItemCatalog catalog() {
        return ItemCatalog.of(List.of(
                new CatalogItem("A", "home/candles", PriceBand.LOW),
                new CatalogItem("B", "home/candles", PriceBand.LOW),
                new CatalogItem("C", "kitchen/mugs-cups", PriceBand.MID),
                new CatalogItem("D", "bags", PriceBand.MID)));
    }

    // subjects: A and B are bought together, C and D together
    private static final int[][] BASKETS = {{0, 1}, {0, 1}, {0, 1}, {2, 3}, {2, 3}, {1}};

    @Test
    void topItemsBreaksTiesByPositionAndSkipsExcluded() {
        assertArrayEquals(new int[]{1, 3, 0}, TopItems.select(new double[]{1, 2, 0.5, 2}, 3, i -> false));
        assertArrayEquals(new int[]{3, 0}, TopItems.select(new double[]{1, 2, 0.5, 2}, 2, i -> i == 1));
    }

    @Test
    void popularityNeverListsAnItemFewerThanKSubjectsBought() {
        Popularity popularity = Popularity.of(new double[]{100, 10, 5, 0}, new int[]{4, 5, 9, 0}, 5);
        assertEquals(0, popularity.score(0));
        assertEquals(1, popularity.score(1));
        assertEquals(0.5, popularity.score(2), 1e-9);
    }

    @Test
    void easeLearnsWhatIsBoughtTogether() {
        ItemNeighbours ease = ItemModels.ease(ItemModels.cooccurrence(4, BASKETS), 0.5, 3);
        double[] scores = new double[4];
        ease.accumulate(0, 1, scores);
        assertTrue(scores[1] > 0 && scores[2] <= 0 && scores[3] <= 0, java.util.Arrays.toString(scores));
        ItemNeighbours cosine = ItemModels.cosine(ItemModels.cooccurrence(4, BASKETS), 3);
        double[] cos = new double[4];
        cosine.accumulate(2, 1, cos);
        assertEquals(1.0, cos[3], 1e-6);
        assertEquals(0, cos[0]);
    }

    @Test
    void inversionIsExact() {
        double[][] a = {{4, 1}, {1, 3}};
        ItemModels.invertSymmetricPositiveDefinite(a);
        assertEquals(3.0 / 11, a[0][0], 1e-12);
        assertEquals(-1.0 / 11, a[0][1], 1e-12);
        assertEquals(4.0 / 11, a[1][1], 1e-12);
    }

    @Test
    void discoverRecommendsNeighboursOfWhatWasBoughtAndFallsBackToPopularity() {
        ItemCatalog catalog = catalog();
        ItemNeighbours ease = ItemModels.ease(ItemModels.cooccurrence(4, BASKETS), 0.5, 3);
        Popularity popularity = Popularity.of(new double[]{1, 1, 1, 9}, new int[]{5, 5, 5, 5}, 5);
        DiscoverRanker discover = new DiscoverRanker(catalog, ease, popularity, DiscoverRanker.Settings.defaults());
        SubjectProfile boughtA = new SubjectProfile(NOW, List.of(new PurchasedItem("A", 1, NOW.minus(3, ChronoUnit.DAYS))),
                Map.of("home/candles", 1.0), Map.of(PriceBand.LOW, 1.0), List.of());
        assertEquals("B", discover.recommend(boughtA, 1, Set.of("A")).get(0).itemId());
        assertEquals("D", discover.recommend(SubjectProfile.empty(NOW), 1, Set.of()).get(0).itemId());
    }

    @Test
    void buyAgainPutsOftenAndLatelyBoughtItemsFirst() {
        ItemCatalog catalog = catalog();
        ItemNeighbours ease = ItemModels.ease(ItemModels.cooccurrence(4, BASKETS), 0.5, 3);
        Popularity popularity = Popularity.of(new double[]{1, 1, 1, 9}, new int[]{5, 5, 5, 5}, 5);
        BuyAgainRanker buyAgain = new BuyAgainRanker(
                new DiscoverRanker(catalog, ease, popularity, DiscoverRanker.Settings.defaults()), popularity,
                BuyAgainRanker.Settings.defaults());
        SubjectProfile profile = new SubjectProfile(NOW, List.of(
                new PurchasedItem("C", 1, NOW.minus(300, ChronoUnit.DAYS)),
                new PurchasedItem("A", 3, NOW.minus(5, ChronoUnit.DAYS), 2.5)), Map.of(), Map.of(), List.of());
        List<ScoredItem> top = buyAgain.recommend(profile, 4, Set.of());
        assertEquals("A", top.get(0).itemId());
        assertEquals(4, top.size());
    }

    @Test
    void buyAgainRanksByShareOfOrdersAndLiftsWhatIsPopularNow() {
        ItemCatalog catalog = catalog();
        ItemNeighbours ease = ItemModels.ease(ItemModels.cooccurrence(4, BASKETS), 0.5, 3);
        Popularity popularity = Popularity.of(new double[]{1, 1, 1, 9}, new int[]{5, 5, 5, 5}, 5);
        DiscoverRanker discover = new DiscoverRanker(catalog, ease, popularity, DiscoverRanker.Settings.defaults());
        Instant lately = NOW.minus(10, ChronoUnit.DAYS);
        SubjectProfile profile = new SubjectProfile(NOW, List.of(new PurchasedItem("A", 1, lately),
                new PurchasedItem("D", 1, lately)), Map.of(), Map.of(), List.of(), 2);
        BuyAgainRanker flat = new BuyAgainRanker(discover, popularity, new BuyAgainRanker.Settings(0, 0, 1));
        BuyAgainRanker trending = new BuyAgainRanker(discover, popularity, new BuyAgainRanker.Settings(0, 2, 1));
        assertEquals("A", flat.recommend(profile, 1, Set.of()).get(0).itemId());
        assertEquals("D", trending.recommend(profile, 1, Set.of()).get(0).itemId());
        // one order in three holds the item: a third of a sure thing (plus the prior order)
        double[] scores = flat.scores(profile);
        assertEquals(1 / 3.0 * Math.pow(0.5, 10 / BuyAgainRanker.PROFILE_HALF_LIFE_DAYS), scores[catalog.indexOf("A")], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new BuyAgainRanker.Settings(-1, 0, 0));
    }
}
