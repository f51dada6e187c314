package dev.personalization.recommendation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.recommendation.repository.ModelInputRepository.ItemFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimilarityTrainingTest {

    static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");
    static final SimilarityTraining.Settings SETTINGS = new SimilarityTraining.Settings(3, 100, 1, 10,
            Duration.ofDays(30), 0.5);

    private static void bought(List<ItemFeature> features, String subject, String... items) {
        for (String item : items) {
            features.add(new ItemFeature(subject, FeatureKinds.PURCHASED_PRODUCT, item, NOW.minus(Duration.ofDays(2))));
        }
    }

    @Test
    void learnsOnlyItemsThatKDistinctSubjectsHold() {
        List<ItemFeature> features = new ArrayList<>();
        bought(features, "s1", "a", "b", "rare");
        bought(features, "s2", "a", "b", "rare");
        bought(features, "s3", "a", "b");
        bought(features, "s4", "a", "c");
        bought(features, "s5", "c");
        bought(features, "s6", "c");
        SimilarityTraining.Trained trained = SimilarityTraining.train(features, NOW, SETTINGS);
        assertEquals(List.of("a", "b", "c"), Arrays.asList(trained.items()), "rare: 2 subjects < k = 3");
        assertTrue(trained.neighbours().weight(0, 1) > 0, "a speaks for b (3 of 4 buyers of a bought b)");
        assertTrue(trained.neighbours().weight(0, 1) > trained.neighbours().weight(0, 2));
    }

    @Test
    void keepsAtMostMaxItemsThoseMostSubjectsHold() {
        List<ItemFeature> features = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            bought(features, "s" + s, "x", "y");
        }
        bought(features, "t1", "z");
        bought(features, "t2", "z");
        bought(features, "t3", "z");
        SimilarityTraining.Trained trained = SimilarityTraining.train(features, NOW,
                new SimilarityTraining.Settings(3, 2, 1, 10, Duration.ofDays(30), 0.5));
        assertEquals(List.of("x", "y"), Arrays.asList(trained.items()));
        assertEquals(0, SimilarityTraining.train(List.of(), NOW, SETTINGS).items().length);
    }
}
