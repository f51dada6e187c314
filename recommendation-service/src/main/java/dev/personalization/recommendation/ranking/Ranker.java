package dev.personalization.recommendation.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Ranks the whole catalog for one subject from its minimized profile and the global models. */
public interface Ranker {

    ItemCatalog catalog();

    /** A score per catalog position; higher is better, ties go to the lower position. */
    double[] scores(SubjectProfile profile);

    /** The {@code n} best items not in {@code excluded}, best first. */
    default List<ScoredItem> recommend(SubjectProfile profile, int n, Set<String> excluded) {
        ItemCatalog catalog = catalog();
        double[] scores = scores(profile);
        int[] top = TopItems.select(scores, n, item -> excluded.contains(catalog.id(item)));
        List<ScoredItem> ranked = new ArrayList<>(top.length);
        for (int item : top) {
            ranked.add(new ScoredItem(catalog.id(item), scores[item]));
        }
        return ranked;
    }
}
