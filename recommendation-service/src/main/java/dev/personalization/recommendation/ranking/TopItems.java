package dev.personalization.recommendation.ranking;

import java.util.function.IntPredicate;

/** Top-n selection over a score array without sorting the whole catalog. */
public final class TopItems {

    private TopItems() {
    }

    /**
     * The positions of the {@code n} highest scores, best first, skipping excluded positions and
     * {@code skip}; equal scores go to the lower position, so rankings are deterministic.
     */
    public static int[] select(double[] scores, int n, IntPredicate excluded, int skip) {
        int[] best = new int[Math.max(0, Math.min(n, scores.length))];
        int filled = 0;
        for (int item = 0; item < scores.length; item++) {
            if (item == skip || excluded.test(item)) {
                continue;
            }
            double score = scores[item];
            if (filled == best.length) {
                if (best.length == 0 || !(score > scores[best[filled - 1]])) {
                    continue;
                }
                filled--;
            }
            int at = filled;
            while (at > 0 && score > scores[best[at - 1]]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = item;
            filled++;
        }
        return filled == best.length ? best : java.util.Arrays.copyOf(best, filled);
    }

    public static int[] select(double[] scores, int n, IntPredicate excluded) {
        return select(scores, n, excluded, -1);
    }
}
