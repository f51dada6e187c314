package dev.personalization.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded PostgreSQL (binaries from Maven Central) for machines without a local server.
 * It keeps its data directory between runs and stops when this JVM is asked to stop.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Cli.options(args);
        Path dir = Path.of(options.getOrDefault("dir", ".suite/postgres")).toAbsolutePath();
        int port = Integer.parseInt(options.getOrDefault("port", "5433"));
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        if (options.containsKey("parent-pid")) {
            ProcessHandle.of(Long.parseLong(options.get("parent-pid")))
                    .ifPresentOrElse(parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
        System.out.println("embedded PostgreSQL listening on 127.0.0.1:" + port);
        stopped.await();
    }
}
