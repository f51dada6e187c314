package dev.personalization.consent.health;

import dev.personalization.consent.config.ConsentConfig;
import dev.personalization.consent.repository.OutboxRepository;
import dev.personalization.consent.service.OutboxRelay;
import dev.personalization.kit.kafka.KafkaClientSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Kafka as consent-service depends on it: decisions are accepted while the broker is away (the
 * outbox keeps them), so readiness reports the broker and the backlog, and turns DOWN only when
 * events have waited longer than consent.outbox.max-lag. The broker is probed in the background, so
 * that a probe never waits on a broker that does not answer.
 */
@Readiness
@ApplicationScoped
public class OutboxReadinessCheck implements HealthCheck {

    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final ConsentConfig config;
    private final KafkaClientSettings kafka;
    private final AtomicReference<String> broker = new AtomicReference<>("not probed yet");

    public OutboxReadinessCheck(OutboxRepository outbox, OutboxRelay relay, ConsentConfig config,
            KafkaClientSettings kafka) {
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.kafka = kafka;
    }

    @Override
    public HealthCheckResponse call() {
        record Backlog(long pending, Instant oldest) {
        }
        Backlog backlog = QuarkusTransaction.requiringNew().call(() -> new Backlog(outbox.pendingCount(),
                outbox.pending(1).stream().findFirst().map(e -> e.createdAt).orElse(null)));
        long pending = backlog.pending();
        Instant oldest = backlog.oldest();
        boolean lagging = oldest != null && Duration.between(oldest, Instant.now()).compareTo(config.outbox().maxLag()) > 0;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka-outbox")
                .status(!lagging)
                .withData("broker", broker.get())
                .withData("pendingEvents", pending);
        if (relay.lastFailure() != null) {
            response.withData("lastRelayFailure", relay.lastFailure().toString());
        }
        if (oldest != null) {
            response.withData("oldestPendingSeconds", Duration.between(oldest, Instant.now()).toSeconds());
        }
        return response.build();
    }

    @Scheduled(identity = "kafka-probe", every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeBroker() {
        broker.set(brokerReachable() ? "reachable" : "unreachable");
    }

    private boolean brokerReachable() {
        try (Admin admin = Admin.create(kafka.with(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000)))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
