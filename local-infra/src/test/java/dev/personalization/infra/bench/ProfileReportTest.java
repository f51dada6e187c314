package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProfileReportTest {

    private static final ZonedDateTime AT = ZonedDateTime.of(2026, 11, 28, 10, 5, 9, 0, ZoneOffset.UTC);
    private static final ProducerPerfResult RAW = new ProducerPerfResult(1_000_000, 200_000, 25, 80, 300, 70, 250,
            "1000000 records sent, 200000.0 records/sec (25.00 MB/sec), ...");

    @Test
    void figuresRatioAndAims() {
        ProfileReport report = new ProfileReport(AT, "2 cores, 24 GiB", BenchOptions.parse("--duration", "30s"), 140,
                1_800_000, 0, 18_000, Percentiles.of(5, 8, 40), Percentiles.of(60, 90, 400), 6_000, Map.of(), 0, RAW,
                "started once the machine used 0.12 cores", Percentiles.of(LongStream.rangeClosed(1, 100).map(i -> i * 10).toArray()), "features: CreateTime, consent: CreateTime",
                Map.of("profile-service", new CpuUse.Ticks(1_800, 360, 90), "PostgreSQL, database profile", new CpuUse.Ticks(1_200, 0, 0)));
        assertEquals(60_000, report.eventsPerSecond(), 1e-9);
        assertEquals(0.3, report.ratio(), 1e-9);
        assertEquals("20261128-100509", report.fileStamp());
        String md = report.markdown();
        assertTrue(md.contains("| accepted events/s, end to end | 60,000 |"), md);
        assertTrue(md.contains("| ratio end to end ÷ raw (aim ≥ 0.25) | 0.300 (met) |"), md);
        assertTrue(md.contains("p50 / p99 | 8 ms / 40 ms |"), md);
        assertTrue(md.contains("p50 / p99 / max | 500 ms / 990 ms / 1000 ms |"), md);
        assertTrue(md.contains("| purge p99 under 2 s | met |"), md);
        assertTrue(md.contains("| features snapshots read in the measured window (coalescing) | 6000 (0.33 per batch) |"), md);
        assertTrue(md.contains("No errors"), md);
        assertTrue(md.contains("afterwards); started once the machine used 0.12 cores. It said: `1000000 records sent"), md);
        // 30 s of work over 18,000 batches in 30 s: 1.67 ms per batch, one core
        assertTrue(md.contains("| profile-service | 18.00 | 1.00 | 60 % | 0.20 / 0.05 ms |"), md);
        assertTrue(md.contains("| PostgreSQL, database profile | 12.00 | 0.67 | 40 % |  |"), md);
        assertTrue(md.contains("| **all** | 30.00 | 1.67 | 1.00 cores | |"), md);
    }

    @Test
    void shortfallsAndMissingPurgesAreSaid() {
        long[] purges = LongStream.rangeClosed(1, 100).map(i -> 100).toArray();
        purges[0] = Percentiles.MISSING;
        purges[1] = Percentiles.MISSING;
        ProfileReport report = new ProfileReport(AT, "2 cores", BenchOptions.parse(), 140, 300_000, 5, 3_000,
                Percentiles.of(5), Percentiles.of(60), 0, Map.of("POST /api/activity answered 503", 4L), 2, RAW, "",
                Percentiles.of(purges), "features: CreateTime, consent: CreateTime", Map.of());
        String md = report.markdown();
        assertTrue(md.contains("(NOT met)"), md);
        assertTrue(md.contains("/ > 30 s / > 30 s |"), md);
        assertTrue(md.contains("| purge p99 under 2 s | NOT met |"), md);
        assertTrue(md.contains("4 × POST /api/activity answered 503"), md);
        assertTrue(md.contains("2 accepted batches whose snapshot was not read"), md);
        assertTrue(md.contains("2 subjects whose withdrawal events or empty snapshot were not read"), md);
        assertTrue(md.contains("Not measured (no /proc on this machine)."), md);
    }
}
