package dev.personalization.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Starts {@link EmbeddedPostgresMain} in a child JVM that exits with this one. */
public final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {
    }

    public static Postgres startForThisJvm(Path dir) {
        int port = Ports.freePort();
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(List.of(RuntimeClasspath.javaExecutable(), "-Xmx256m",
                    "-cp", RuntimeClasspath.get(), EmbeddedPostgresMain.class.getName(),
                    "--dir", dir.toString(), "--port", Integer.toString(port),
                    "--parent-pid", Long.toString(ProcessHandle.current().pid())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .start();
            if (!Ports.awaitListening(port, Duration.ofSeconds(120)) || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("embedded PostgreSQL did not start; see " + dir.resolve("postgres.log"));
            }
            return new Postgres(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
