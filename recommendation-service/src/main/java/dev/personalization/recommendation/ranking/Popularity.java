package dev.personalization.recommendation.ranking;

/**
 * Global popularity with a k-anonymity floor: an item bought by fewer than {@code k} distinct subjects is
 * never popular (score 0), so a popularity list can never single out what one or two people bought.
 * Scores are normalized so the most popular item has 1.
 */
public final class Popularity {

    public static final int DEFAULT_K = 5;

    private final double[] scores;

    private Popularity(double[] scores) {
        this.scores = scores;
    }

    /**
     * @param weight   per catalog position, how much the item was bought (for example purchase lines in a
     *                 recent window)
     * @param subjects per catalog position, how many distinct subjects bought it
     */
    public static Popularity of(double[] weight, int[] subjects, int k) {
        if (weight.length != subjects.length) {
            throw new IllegalArgumentException("weights and subject counts must cover the same catalog");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k is at least 1");
        }
        double[] scores = new double[weight.length];
        double max = 0;
        for (int i = 0; i < weight.length; i++) {
            scores[i] = subjects[i] >= k ? Math.max(0, weight[i]) : 0;
            max = Math.max(max, scores[i]);
        }
        if (max > 0) {
            for (int i = 0; i < scores.length; i++) {
                scores[i] /= max;
            }
        }
        return new Popularity(scores);
    }

    public int size() {
        return scores.length;
    }

    /** The normalized popularity of a catalog position, 0 when below the k floor. */
    public double score(int item) {
        return scores[item];
    }
}
