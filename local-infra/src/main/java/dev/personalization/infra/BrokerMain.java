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
 * With --sasl-port and --scram-user name:password it also listens with SASL_PLAINTEXT (SCRAM-SHA-512, the
 * mechanism of the suite's production brokers) and knows that one user from its first start, so that a
 * test can show how clients authenticate; the PLAINTEXT listener stays for the broker's own traffic.
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
        Integer saslPort = options.containsKey("sasl-port") ? Integer.valueOf(options.get("sasl-port")) : null;
        Path config = writeConfig(dir, port, controllerPort, saslPort);
        Path logs = dir.resolve("logs");
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(config, options.get("scram-user"));
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

    private static Path writeConfig(Path dir, int port, int controllerPort, Integer saslPort) throws IOException {
        String sasl = saslPort == null ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + sasl + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + sasl,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                        + (saslPort == null ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"),
                saslPort == null ? "" : "sasl.enabled.mechanisms=SCRAM-SHA-512",
                saslPort == null ? "" : "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
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

    /** Formats the storage; a SCRAM user given as name:password is written into the first metadata. */
    private static void format(Path config, String scramUser) {
        String clusterId;
        do {
            clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes(UUID.randomUUID()));
        } while (clusterId.startsWith("-")); // the storage tool would read a leading '-' as an option
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> arguments = new java.util.ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        if (scramUser != null) {
            int colon = scramUser.indexOf(':');
            arguments.add("--add-scram");
            arguments.add("SCRAM-SHA-512=[name=" + scramUser.substring(0, colon) + ",password="
                    + scramUser.substring(colon + 1) + "]");
        }
        int rc = kafka.tools.StorageTool.execute(arguments.toArray(String[]::new),
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
