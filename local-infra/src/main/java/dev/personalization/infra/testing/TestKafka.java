package dev.personalization.infra.testing;

import dev.personalization.infra.KafkaBroker;
import dev.personalization.infra.Ports;
import java.nio.file.Path;

/**
 * The one real Kafka broker of a test JVM, started on free ports the first time a test needs it and
 * stopped when the JVM exits. Its coordinates live in system properties, so that code loaded by
 * Quarkus' class loaders and by the test runner's see the same broker.
 */
public final class TestKafka {

    private static final String PORT = "localinfra.test.kafka.port";
    private static final String CONTROLLER_PORT = "localinfra.test.kafka.controller-port";
    private static final String DIR = "localinfra.test.kafka.dir";
    private static final String PID = "localinfra.test.kafka.pid";

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (System.getProperty(PORT) == null) {
            int port = Ports.freePort();
            int controllerPort = Ports.freePort();
            Path dir = Path.of("target", "kafka-test-" + ProcessHandle.current().pid()).toAbsolutePath();
            System.setProperty(PORT, Integer.toString(port));
            System.setProperty(CONTROLLER_PORT, Integer.toString(controllerPort));
            System.setProperty(DIR, dir.toString());
            start();
        }
        return "127.0.0.1:" + System.getProperty(PORT);
    }

    /** Takes the broker away (controlled shutdown), keeping its data for {@link #start()}. */
    public static synchronized void stop() {
        broker().stop();
        System.clearProperty(PID);
    }

    public static synchronized void start() {
        KafkaBroker broker = broker().start();
        System.setProperty(PID, Long.toString(broker.pid().orElseThrow()));
    }

    private static KafkaBroker broker() {
        if (System.getProperty(PORT) == null) {
            bootstrapServers();
        }
        KafkaBroker broker = new KafkaBroker(Path.of(System.getProperty(DIR)),
                Integer.parseInt(System.getProperty(PORT)), Integer.parseInt(System.getProperty(CONTROLLER_PORT)), true);
        String pid = System.getProperty(PID);
        return pid == null ? broker : broker.attach(Long.parseLong(pid));
    }
}
