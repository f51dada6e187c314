package dev.personalization.infra;

import dev.personalization.contracts.TopicSettings;
import dev.personalization.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Entry point of the broker JVM: writes a KRaft configuration, formats the storage on first start,
 * then runs Kafka and creates the suite's topics (so that consumers which start first find them).
 * With --parent-pid it exits when that process does, so a killed test run never leaves a broker behind.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Cli.options(args);
        Path dir = Path.of(options.getOrDefault("dir", ".suite/kafka")).toAbsolutePath();
        int port = Integer.parseInt(options.getOrDefault("port", "9092"));
        int controllerPort = Integer.parseInt(options.getOrDefault("controller-port", "9093"));
        Files.createDirectories(dir);
        Path config = writeConfig(dir, port, controllerPort);
        Path logs = dir.resolve("logs");
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(config);
        }
        if (options.containsKey("parent-pid")) {
            long parent = Long.parseLong(options.get("parent-pid"));
            ProcessHandle.of(parent).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        Thread topics = new Thread(() -> createTopics(port), "create-topics");
        topics.setDaemon(true);
        topics.start();
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /**
     * Creates every topic of the suite (3 partitions, keyed by subject) once the broker answers, each with
     * its cleanup policy and retention ({@link TopicSettings}).
     */
    private static void createTopics(int port) {
        if (!Ports.awaitListening(port, Duration.ofSeconds(90))) {
            return;
        }
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.ALL
                    .stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 3, (short) 1).configs(TopicSettings.of(t).kafkaConfig())).toList();
            admin.createTopics(missing).all().get();
            System.out.println("topics ready: " + Topics.ALL);
        } catch (Exception e) {
            // auto-creation remains as the fallback: the first producer creates a missing topic
            System.err.println("could not create the suite's topics: " + e.getMessage());
        }
    }

    private static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "") ;
        Path config = dir.resolve("server.properties");
        Files.writeString(config, properties, StandardCharsets.UTF_8);
        return config;
    }

    private static void format(Path config) {
        String clusterId;
        do {
            clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes(UUID.randomUUID()));
        } while (clusterId.startsWith("-")); // the storage tool would read a leading '-' as an option
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", config.toString()},
                new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + captured.toString(StandardCharsets.UTF_8));
        }
    }

    private static byte[] uuidBytes(UUID uuid) {
        return java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
