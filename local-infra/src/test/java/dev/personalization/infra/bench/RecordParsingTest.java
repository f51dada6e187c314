package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness' readers of the intake's answer, the two topics' records and ProducerPerformance's summary. */
class RecordParsingTest {

    @Test
    void intakeAnswer() {
        IntakeAnswer answer = IntakeAnswer.parse("""
                {"accepted":{"view":70,"purchase":0,"search":20},
                 "dropped":[{"type":"purchase","reason":"no-consent","count":10},
                            {"type":"search","reason":"invalid","count":2,"field":"occurredAt"}],
                 "somethingNew":true}""");
        assertEquals(new IntakeAnswer(70, 0, 20, 12, 0), answer);
        assertEquals(90, answer.accepted());
        assertTrue(answer.changedProfile());
        IntakeAnswer nothingMatched = IntakeAnswer.parse("""
                {"accepted":{},"dropped":[{"type":"search","reason":"no-match","count":3}]}""");
        assertEquals(3, nothingMatched.droppedNoMatch());
        assertTrue(nothingMatched.changedProfile(), "kept past consent and validity: the subject was locked and changed");
        assertFalse(IntakeAnswer.parse("""
                {"accepted":{},"dropped":[{"type":"view","reason":"no-consent","count":3}]}""").changedProfile());
        assertFalse(answer.allTypesAccepted());
        assertTrue(IntakeAnswer.parse("{\"accepted\":{\"view\":1,\"purchase\":1,\"search\":1},\"dropped\":[]}").allTypesAccepted());
        assertEquals(0, IntakeAnswer.parse("{\"accepted\":{}}").accepted());
        assertThrows(IllegalArgumentException.class, () -> IntakeAnswer.parse("{\"type\":\"about:blank\"}"));
        assertThrows(IllegalArgumentException.class, () -> IntakeAnswer.parse("<html>"));
    }

    @Test
    void featuresSnapshot() {
        FeaturesSnapshot full = FeaturesSnapshot.parse(bytes("""
                {"id":"4b0c","type":"profile.features.v1","source":"profile-service","time":"2026-11-28T10:00:00Z",
                 "subject":"ab12","schemaVersion":1,
                 "data":{"features":[{"purpose":"browsing","consentVersion":3,"kind":"category-affinity",
                                      "key":"home/candles","value":0.8,"nested":{"a":[1,2,{"b":[]}]}},
                                     {"purpose":"search","consentVersion":1,"kind":"term","key":"candle"}],
                         "snapshotVersion":42,"extra":{"x":[1]}}}"""));
        assertEquals(new FeaturesSnapshot(42, false), full);
        FeaturesSnapshot empty = FeaturesSnapshot.parse(bytes("""
                {"data":{"snapshotVersion":43,"features":[]},"id":"x","subject":"ab12"}"""));
        assertEquals(new FeaturesSnapshot(43, true), empty);
        assertThrows(IllegalArgumentException.class, () -> FeaturesSnapshot.parse(bytes("{\"data\":{\"features\":[]}}")));
        assertThrows(IllegalArgumentException.class, () -> FeaturesSnapshot.parse(bytes("[1,2]")));
        assertThrows(IllegalArgumentException.class, () -> FeaturesSnapshot.parse(bytes("{\"data\":")));
    }

    @Test
    void consentRecord() {
        ConsentRecord record = ConsentRecord.parse(bytes("""
                {"id":"1","type":"consent.decision.v1","subject":"ab12","schemaVersion":1,
                 "data":{"purpose":"search","purposeVersion":1,"state":"withdrawn","consentVersion":4,
                         "decidedAt":"2026-11-28T10:00:00Z","expiresAt":null}}"""));
        assertEquals(new ConsentRecord("search", "withdrawn"), record);
        assertTrue(record.withdrawn());
        assertFalse(new ConsentRecord("search", "granted").withdrawn());
        assertThrows(IllegalArgumentException.class, () -> ConsentRecord.parse(bytes("{\"data\":{}}")));
    }

    @Test
    void producerPerformanceSummaryOfKafka41() {
        List<String> output = List.of(
                "[main] WARN something",
                "229761 records sent, 45952.2 records/sec (6.57 MB/sec), 1640.5 ms avg latency, 2333.0 ms max latency.",
                "300000 records sent, 46678.1 records/sec (6.68 MB/sec), 2085.10 ms avg latency, 2533.00 ms max latency, "
                        + "2250 ms 50th, 2444 ms 95th, 2473 ms 99th, 2528 ms 99.9th.");
        ProducerPerfResult result = ProducerPerfResult.parse(output).orElseThrow();
        assertEquals(300_000, result.records());
        assertEquals(46678.1, result.recordsPerSecond(), 1e-9);
        assertEquals(6.68, result.megabytesPerSecond(), 1e-9);
        assertEquals(2250, result.p50Ms());
        assertEquals(2473, result.p99Ms());
    }

    @Test
    void producerPerformanceSteadyStateWinsInLaterVersions() {
        List<String> output = List.of(
                "1000 records sent, 500.000000 records/sec (0.07 MB/sec), 3.00 ms avg latency, 9.00 ms max latency, 2 ms 50th, 5 ms 95th, 8 ms 99th, 9 ms 99.9th.",
                "900 steady state records sent, 600.000000 records/sec (0.08 MB/sec), 2.00 ms avg latency, 5.00 ms max latency, 2 ms 50th, 4 ms 95th, 5 ms 99th, 5 ms 99.9th.");
        assertEquals(600.0, ProducerPerfResult.parse(output).orElseThrow().recordsPerSecond(), 1e-9);
        assertTrue(ProducerPerfResult.parse(List.of("Exception in thread main")).isEmpty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
