package dev.personalization.recommendation.catalog.taxonomy;

import java.math.BigDecimal;

/**
 * Coarse price bands: the minimized profile keeps which band a subject buys in, never prices or amounts.
 * Bounds are in the catalog's currency per unit and split this gift catalog into bands of similar size.
 */
public enum PriceBand {
    BUDGET, LOW, MID, HIGH, PREMIUM;

    private static final double[] UPPER_BOUNDS = {0.85, 1.65, 3.0, 6.0};

    public static PriceBand of(double unitPrice) {
        if (!(unitPrice >= 0) || Double.isInfinite(unitPrice)) {
            throw new IllegalArgumentException("a unit price is a finite amount of 0 or more");
        }
        for (int i = 0; i < UPPER_BOUNDS.length; i++) {
            if (unitPrice < UPPER_BOUNDS[i]) {
                return values()[i];
            }
        }
        return PREMIUM;
    }

    public static PriceBand of(BigDecimal unitPrice) {
        return of(unitPrice.doubleValue());
    }
}
