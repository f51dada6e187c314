package dev.personalization.infra.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank percentiles over a set of samples (the smallest sample with at least p % of the
 * samples at or below it), the definition that never invents a value no request had. A sample may be
 * {@link #MISSING} (a purge that never showed up): it sorts last, so a p99 that lands on it reports
 * "more than the time-out" instead of silently leaving the slowest cases out.
 */
public final class Percentiles {

    /** A sample that did not arrive in time; larger than any measured one. */
    public static final long MISSING = Long.MAX_VALUE;

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    public static Percentiles of(long... samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public static Percentiles of(Collection<Long> samples) {
        return of(samples.stream().mapToLong(Long::longValue).toArray());
    }

    public int count() {
        return sorted.length;
    }

    /** How many samples are {@link #MISSING}. */
    public int missing() {
        int missing = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] == MISSING; i--) {
            missing++;
        }
        return missing;
    }

    /** The nearest-rank percentile, p in (0, 100]; {@link #MISSING} when it lands on a missing sample. */
    public long percentile(double p) {
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile is in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    public long max() {
        return percentile(100);
    }

    public long min() {
        return percentile(Math.nextUp(0.0));
    }
}
