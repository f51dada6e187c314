package dev.personalization.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a packaged service in the prod profile with a clean environment holding only the settings a
 * test gives it, and reports how the start ended: a service missing a required setting must stop at
 * start and name the setting, instead of falling back to dev material.
 */
public final class ProductionStart {

    /** How a start ended: the exit code (null when still running at the deadline) and all output. */
    public record Outcome(Integer exitCode, String output) {
        public boolean stopped() {
            return exitCode != null && exitCode != 0;
        }
    }

    private ProductionStart() {
    }

    public static Outcome run(Path moduleDir, Map<String, String> environment, Duration deadline) {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the module first (mvn verify builds it)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // free ports, so that a start that wrongly succeeds collides with nothing
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        builder.environment().putAll(environment);
        try {
            Path log = Files.createTempFile("prod-start", ".log");
            Process process = builder.redirectOutput(log.toFile()).start();
            Integer exit = null;
            if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Outcome(exit, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
