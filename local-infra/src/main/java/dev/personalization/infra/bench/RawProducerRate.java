package dev.personalization.infra.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The broker's raw record rate, measured with Kafka's own ProducerPerformance (kafka-tools) in a JVM
 * of its own, on a scratch topic shaped like the suite's (3 partitions, one replica) that is deleted
 * afterwards. acks=all like the suite's producers; every other producer setting is Kafka's default.
 */
public final class RawProducerRate {

    public static final String TOPIC = "bench.raw-producer";
    private static final int PARTITIONS = 3;

    private RawProducerRate() {
    }

    public static ProducerPerfResult measure(String bootstrap, long records, int recordSize, Duration timeout)
            throws IOException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            deleteIfPresent(admin);
            create(admin);
            try {
                return run(bootstrap, records, recordSize, timeout);
            } finally {
                deleteIfPresent(admin);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("could not create or delete the scratch topic " + TOPIC + ": " + e.getMessage(), e);
        }
    }

    static List<String> command(String bootstrap, long records, int recordSize) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m",
                // ProducerPerformance formats its figures with the default locale; the parser reads English
                "-Duser.language=en", "-Duser.country=US",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic", TOPIC, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
    }

    private static ProducerPerfResult run(String bootstrap, long records, int recordSize, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(bootstrap, records, recordSize)).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is kept
            }
        }, "producer-performance-output");
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("ProducerPerformance did not finish within " + timeout.toSeconds() + " s");
        }
        reader.join(5_000);
        synchronized (lines) {
            return ProducerPerfResult.parse(lines).orElseThrow(() -> new IOException(
                    "ProducerPerformance printed no summary (exit " + process.exitValue() + "):\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))));
        }
    }

    /** Creates the scratch topic; a deletion of a previous one may still be under way, so it tries again. */
    private static void create(Admin admin) throws java.util.concurrent.ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        for (int attempt = 1; ; attempt++) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) || attempt == 20) {
                    throw e;
                }
                Thread.sleep(500); // the broker deletes a topic asynchronously: retry the creation shortly
            }
        }
    }

    private static void deleteIfPresent(Admin admin) throws java.util.concurrent.ExecutionException,
            InterruptedException, java.util.concurrent.TimeoutException {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        if (names.contains(TOPIC)) {
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        }
    }
}
