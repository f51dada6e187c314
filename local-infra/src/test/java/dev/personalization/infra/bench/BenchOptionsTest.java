package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsFollowTheIssue() {
        BenchOptions o = BenchOptions.parse();
        assertEquals("http://127.0.0.1:8080", o.gateway());
        assertEquals("http://127.0.0.1:8080", o.intake(), "through the gateway unless told otherwise");
        assertEquals("127.0.0.1:9092", o.bootstrap());
        assertEquals(100, o.batchSize());
        assertEquals(100, o.purgeSubjects());
        assertEquals(200, o.subjects());
        assertEquals(16, o.clients());
        assertEquals(Duration.ofSeconds(90), o.warmup());
        assertEquals(Duration.ofSeconds(30), o.duration());
        assertFalse(o.help());
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = BenchOptions.parse("--gateway", "http://127.0.0.1:18080/", "--bootstrap", "127.0.0.1:19092",
                "--keys", "/tmp/k", "--results", "/tmp/r", "--subjects", "50", "--clients", "4", "--batch", "500",
                "--warmup", "0", "--duration", "2m", "--purge-subjects", "50", "--purge-clients", "2",
                "--raw-records", "1_000", "--timeout", "1500ms", "--intake", "http://127.0.0.1:18082/", "--help");
        assertEquals("http://127.0.0.1:18080", o.gateway());
        assertEquals("http://127.0.0.1:18082", o.intake());
        assertEquals(Path.of("/tmp/k"), o.keys());
        assertEquals(Path.of("/tmp/r"), o.results());
        assertEquals(500, o.batchSize());
        assertEquals(Duration.ZERO, o.warmup());
        assertEquals(Duration.ofMinutes(2), o.duration());
        assertEquals(1_000, o.rawRecords());
        assertEquals(Duration.ofMillis(1500), o.timeout());
        assertTrue(o.help());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(20), BenchOptions.parseDuration("20s"));
        assertEquals(Duration.ofSeconds(20), BenchOptions.parseDuration("20"));
        assertEquals(Duration.ofMinutes(1), BenchOptions.parseDuration("1m"));
        assertEquals(Duration.ofMillis(250), BenchOptions.parseDuration("250ms"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parseDuration("20h"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parseDuration("-1s"));
    }

    @Test
    void refusesWhatItCannotMean() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--connections", "32"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--batch", "501"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--batch", "0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--clients", "many"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--duration", "0s"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--duration"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("profile"));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--subjects", "50", "--purge-subjects", "100"));
    }
}
