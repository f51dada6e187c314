package dev.personalization.infra.testing;

import dev.personalization.infra.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child process,
 * for end-to-end tests that drive the suite the way a user would. Configuration is passed as system
 * properties; output goes to a log file of its own under the test's {@code target/e2e-logs}, named after the
 * service, the caller's test class and the start's sequence, so a later test cannot overwrite the log of one
 * that failed. Each service gets a free port for its management interface too, where its health lives.
 */
public final class ServiceProcess {

    private static final AtomicInteger STARTS = new AtomicInteger();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** Starts the service on {@code port}, with its management interface on a free port. */
    public static ServiceProcess start(String name, Path moduleDir, int port, Map<String, String> config) {
        return start(name, moduleDir, port, Ports.freePort(), config);
    }

    public static ServiceProcess start(String name, Path moduleDir, int port, int managementPort,
            Map<String, String> config) {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + name + " first (mvn verify builds it)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = Path.of("target", "e2e-logs", name + "-" + callerTestClass() + "-" + STARTS.incrementAndGet() + ".log")
                .toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            ServiceProcess service = new ServiceProcess(name, port, managementPort, log, process);
            Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this start's output goes. */
    public Path log() {
        return log;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The management interface: health, metrics and OpenAPI, which the public port does not serve. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /**
     * Waits until /q/health/ready on the management port answers 200; fails with the log's location if
     * it never does.
     */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300); // poll interval; the deadline above decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The simple name of the test class on the stack (…IT, …Test, …Tests), for the log's name. */
    private static String callerTestClass() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1))
                .map(name -> name.contains("$") ? name.substring(0, name.indexOf('$')) : name)
                .filter(name -> name.endsWith("IT") || name.endsWith("Test") || name.endsWith("Tests"))
                .findFirst()
                .orElse("test"));
    }
}
