package dev.personalization.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) in a child JVM.
 * The same data directory and ports survive {@link #stop()} and {@link #start()}, so a test can take
 * the broker away and bring it back with its topics intact.
 */
public final class KafkaBroker {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final boolean exitWithThisJvm;
    private final Integer saslPort;
    private final String scramUser;
    private ProcessHandle process;

    public KafkaBroker(Path dataDir, int port, int controllerPort, boolean exitWithThisJvm) {
        this(dataDir, port, controllerPort, exitWithThisJvm, null, null);
    }

    private KafkaBroker(Path dataDir, int port, int controllerPort, boolean exitWithThisJvm, Integer saslPort,
            String scramUser) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.exitWithThisJvm = exitWithThisJvm;
        this.saslPort = saslPort;
        this.scramUser = scramUser;
    }

    /**
     * The same broker with a second listener, SASL_PLAINTEXT with SCRAM-SHA-512 on {@code saslPort}, that
     * knows one user (set when the storage is first formatted): clients must authenticate there as they
     * do with the production brokers. For tests; the password is on the broker's command line.
     */
    public KafkaBroker withScramListener(int saslPort, String user, String password) {
        if (user.contains(":") || user.contains(",") || password.contains(",") || password.contains("]")) {
            throw new IllegalArgumentException("the SCRAM user and password must not contain ':' ',' or ']'");
        }
        return new KafkaBroker(dataDir, port, controllerPort, exitWithThisJvm, saslPort, user + ":" + password);
    }

    /** The SASL_PLAINTEXT listener's address (see {@link #withScramListener}). */
    public String saslBootstrapServers() {
        if (saslPort == null) {
            throw new IllegalStateException("this broker has no SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A handle on a broker started by another class loader or process, known by its pid. */
    public KafkaBroker attach(long pid) {
        this.process = ProcessHandle.of(pid).orElse(null);
        return this;
    }

    public Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** Starts the broker and waits until it accepts connections. */
    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (Ports.isListening(port)) {
            throw new IllegalStateException("port " + port + " is already taken");
        }
        try {
            Files.createDirectories(dataDir);
            List<String> command = new ArrayList<>(List.of(RuntimeClasspath.javaExecutable(), "-Xms128m", "-Xmx512m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", RuntimeClasspath.get(), BrokerMain.class.getName(),
                    "--dir", dataDir.toString(), "--port", Integer.toString(port),
                    "--controller-port", Integer.toString(controllerPort)));
            if (saslPort != null) {
                command.addAll(List.of("--sasl-port", saslPort.toString(), "--scram-user", scramUser));
            }
            if (exitWithThisJvm) {
                command.add("--parent-pid");
                command.add(Long.toString(ProcessHandle.current().pid()));
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()))
                    .start()
                    .toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited; see "
                        + dataDir.resolve("broker.log"));
            }
            if (Ports.isListening(port) && (saslPort == null || Ports.isListening(saslPort))) {
                return this;
            }
            Ports.sleepQuietly(200);
        }
        stop();
        throw new IllegalStateException("Kafka broker did not listen on " + port + " within 90 s; see "
                + dataDir.resolve("broker.log"));
    }

    /** Stops the broker (controlled shutdown first) and waits until its port is closed. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        Ports.awaitClosed(port, Duration.ofSeconds(10));
    }
}
