package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.TestKafka;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** Kafka's ProducerPerformance, run the way the benchmark runs it, against a real broker. */
class RawProducerRateTest {

    @Test
    void measuresTheRawRateAndLeavesNoScratchTopic() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        ProducerPerfResult result = RawProducerRate.measure(bootstrap, 20_000, 140, Duration.ofMinutes(3));
        assertEquals(20_000, result.records());
        assertTrue(result.recordsPerSecond() > 0, result.line());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(RawProducerRate.TOPIC));
        }
        // a second run finds no leftover and measures again
        assertEquals(1_000, RawProducerRate.measure(bootstrap, 1_000, 140, Duration.ofMinutes(3)).records());
    }
}
