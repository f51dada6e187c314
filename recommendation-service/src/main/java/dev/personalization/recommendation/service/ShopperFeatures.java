package dev.personalization.recommendation.service;

import dev.personalization.recommendation.repository.FeatureRepository.FeatureRow;
import java.util.Comparator;
import java.util.List;

/**
 * The features an output may use: only those of purposes the shopper has granted now, stamped with the
 * current granted consent version. Without consent it is empty, and every output built from it is the
 * same for everyone.
 */
public record ShopperFeatures(List<FeatureRow> features) {

    public static final ShopperFeatures NONE = new ShopperFeatures(List.of());

    public boolean isEmpty() {
        return features.isEmpty();
    }

    /** The features of one kind, heaviest first, then by item: a stable order. */
    public List<FeatureRow> ofKind(String kind) {
        return features.stream().filter(f -> f.kind().equals(kind))
                .sorted(Comparator.comparingDouble(FeatureRow::weight).reversed().thenComparing(FeatureRow::item))
                .toList();
    }
}
