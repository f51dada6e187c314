package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOverOneToHundred() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());
        assertEquals(50, p.percentile(50));
        assertEquals(99, p.percentile(99));
        assertEquals(100, p.max());
        assertEquals(1, p.min());
    }

    @Test
    void smallSetsTakeTheSampleAtOrAboveTheRank() {
        Percentiles p = Percentiles.of(30, 10, 20);
        assertEquals(20, p.percentile(50));
        assertEquals(30, p.percentile(99));
        assertEquals(10, p.percentile(1));
        assertEquals(7, Percentiles.of(7).percentile(99));
    }

    @Test
    void missingSamplesSortLastAndShowInTheTail() {
        long[] samples = LongStream.rangeClosed(1, 100).toArray();
        samples[3] = Percentiles.MISSING;
        Percentiles p = Percentiles.of(samples);
        assertEquals(1, p.missing());
        assertEquals(51, p.percentile(50));
        assertEquals(100, p.percentile(99));
        assertEquals(Percentiles.MISSING, p.max());
        samples[5] = Percentiles.MISSING;
        assertEquals(Percentiles.MISSING, Percentiles.of(samples).percentile(99));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalStateException.class, () -> Percentiles.of().percentile(50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1).percentile(100.5));
    }
}
