package dev.personalization.recommendation.ranking;

import java.util.Arrays;

/**
 * A truncated item-to-item model: for each catalog position, its strongest positively related items and
 * weights. This is what the service keeps of a similarity or EASE matrix (top-N per item instead of the
 * dense n x n matrix), and what the rankers read.
 */
public final class ItemNeighbours {

    private final int[][] neighbours;
    private final float[][] weights;

    private ItemNeighbours(int[][] neighbours, float[][] weights) {
        this.neighbours = neighbours;
        this.weights = weights;
    }

    /**
     * Keeps, per row (source item), the {@code topN} largest positive entries other than the diagonal.
     * Ties are broken by the lower position so the same matrix always gives the same model.
     */
    public static ItemNeighbours truncate(double[][] matrix, int topN) {
        int n = matrix.length;
        int[][] neighbours = new int[n][];
        float[][] weights = new float[n][];
        for (int source = 0; source < n; source++) {
            double[] row = matrix[source];
            int[] top = TopItems.select(row, topN, item -> false, source);
            int kept = 0;
            while (kept < top.length && row[top[kept]] > 0) {
                kept++;
            }
            neighbours[source] = Arrays.copyOf(top, kept);
            weights[source] = new float[kept];
            for (int k = 0; k < kept; k++) {
                weights[source][k] = (float) row[top[k]];
            }
        }
        return new ItemNeighbours(neighbours, weights);
    }

    public int size() {
        return neighbours.length;
    }

    /**
     * The same model over another catalog: position i here is {@code positions[i]} there (-1 when that
     * catalog lacks the item); items of that catalog this model never saw get no neighbours.
     */
    public ItemNeighbours remap(int[] positions, int size) {
        int[][] ids = new int[size][];
        float[][] w = new float[size][];
        for (int source = 0; source < neighbours.length; source++) {
            int to = positions[source];
            if (to < 0) {
                continue;
            }
            int[] row = new int[neighbours[source].length];
            float[] rowWeights = new float[row.length];
            int kept = 0;
            for (int k = 0; k < row.length; k++) {
                int target = positions[neighbours[source][k]];
                if (target >= 0) {
                    row[kept] = target;
                    rowWeights[kept++] = weights[source][k];
                }
            }
            ids[to] = Arrays.copyOf(row, kept);
            w[to] = Arrays.copyOf(rowWeights, kept);
        }
        for (int i = 0; i < size; i++) {
            if (ids[i] == null) {
                ids[i] = new int[0];
                w[i] = new float[0];
            }
        }
        return new ItemNeighbours(ids, w);
    }

    /** The weight {@code source} gives {@code target}, 0 when the target is not among its neighbours. */
    public double weight(int source, int target) {
        int[] ids = neighbours[source];
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] == target) {
                return weights[source][k];
            }
        }
        return 0;
    }

    /** How many neighbours are kept in all, the size of the model the service has to hold. */
    public long entries() {
        long total = 0;
        for (int[] row : neighbours) {
            total += row.length;
        }
        return total;
    }

    /** Adds {@code weight} times the neighbour weights of {@code source} to the scores of its neighbours. */
    public void accumulate(int source, double weight, double[] scores) {
        int[] ids = neighbours[source];
        float[] w = weights[source];
        for (int k = 0; k < ids.length; k++) {
            scores[ids[k]] += weight * w[k];
        }
    }
}
