package dev.personalization.recommendation.ranking;

import java.util.stream.IntStream;

/**
 * Closed-form item models trained from who bought what (binary: a subject bought an item or not).
 * Training runs offline or in a batch job; the rankers only read the truncated {@link ItemNeighbours}.
 */
public final class ItemModels {

    private ItemModels() {
    }

    /** The item-item co-occurrence (Gram) matrix X^T X of the binary subject x item matrix. */
    public static double[][] cooccurrence(int items, int[][] subjectItems) {
        double[][] gram = new double[items][items];
        for (int[] bought : subjectItems) {
            for (int a : bought) {
                double[] row = gram[a];
                for (int b : bought) {
                    row[b] += 1;
                }
            }
        }
        return gram;
    }

    /**
     * The co-occurrence matrix X^T X of a weighted subject x item matrix: {@code weights[s][k]} is the
     * weight of subject s's k-th item (for example decayed by the age of its last purchase, so that what
     * is bought together lately counts more than what was bought together a year ago).
     */
    public static double[][] cooccurrence(int items, int[][] subjectItems, double[][] weights) {
        double[][] gram = new double[items][items];
        for (int s = 0; s < subjectItems.length; s++) {
            int[] bought = subjectItems[s];
            double[] w = weights[s];
            for (int x = 0; x < bought.length; x++) {
                double[] row = gram[bought[x]];
                double wx = w[x];
                for (int y = 0; y < bought.length; y++) {
                    row[bought[y]] += wx * w[y];
                }
            }
        }
        return gram;
    }

    /** Cosine similarity between items' buyer sets, top {@code topN} per item. */
    public static ItemNeighbours cosine(double[][] gram, int topN) {
        int n = gram.length;
        double[][] similarity = new double[n][n];
        IntStream.range(0, n).parallel().forEach(a -> {
            double norm = Math.sqrt(gram[a][a]);
            for (int b = 0; b < n; b++) {
                double denominator = norm * Math.sqrt(gram[b][b]);
                similarity[a][b] = denominator > 0 ? gram[a][b] / denominator : 0;
            }
        });
        return ItemNeighbours.truncate(similarity, topN);
    }

    /**
     * EASE (Steck 2019): B = I - P diagMat(1/diag(P)) with P = (X^T X + lambda I)^-1, diagonal forced to
     * zero. Scores of a subject are x B, so row i of B says how much owning item i speaks for every other
     * item. The dense inverse is O(n^3) and n^2 doubles: fine offline for a few thousand items; only the
     * top {@code topN} of each row are kept. The Gram matrix is overwritten.
     */
    public static ItemNeighbours ease(double[][] gram, double lambda, int topN) {
        int n = gram.length;
        for (int i = 0; i < n; i++) {
            gram[i][i] += lambda;
        }
        invertSymmetricPositiveDefinite(gram);
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = gram[i][i];
        }
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] row = gram[i];
            for (int j = 0; j < n; j++) {
                row[j] = i == j ? 0 : -row[j] / diagonal[j];
            }
        });
        return ItemNeighbours.truncate(gram, topN);
    }

    /**
     * In-place Gauss-Jordan inversion. No pivoting: the matrix is symmetric positive definite (a Gram
     * matrix plus a positive ridge), whose pivots stay positive.
     */
    static void invertSymmetricPositiveDefinite(double[][] a) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double[] pivotRow = a[k];
            double pivot = pivotRow[k];
            if (!(pivot > 0)) {
                throw new ArithmeticException("matrix is not positive definite");
            }
            pivotRow[k] = 1;
            double inverse = 1 / pivot;
            for (int j = 0; j < n; j++) {
                pivotRow[j] *= inverse;
            }
            final int kk = k;
            IntStream.range(0, n).parallel().forEach(i -> {
                if (i == kk) {
                    return;
                }
                double[] row = a[i];
                double factor = row[kk];
                if (factor == 0) {
                    return;
                }
                row[kk] = 0;
                for (int j = 0; j < n; j++) {
                    row[j] -= factor * pivotRow[j];
                }
            });
        }
    }
}
