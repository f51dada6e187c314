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

    /** A setting a component needs in production: its environment variable, the property it sets, a sample value. */
    public record RequiredSetting(String variable, String property, String sample) {
        @Override
        public String toString() {
            return variable;
        }
    }

    private ProductionStart() {
    }

    /**
     * Starts the module's packaged app with every setting but {@code missing} and asserts that it stops
     * at start, naming the missing setting (its variable or its property) in its output.
     */
    public static void assertStopsNaming(Path moduleDir, List<RequiredSetting> settings, RequiredSetting missing) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        settings.stream().filter(setting -> !setting.equals(missing))
                .forEach(setting -> environment.put(setting.variable(), setting.sample()));
        Outcome outcome = run(moduleDir, environment, Duration.ofSeconds(60));
        if (!outcome.stopped()) {
            throw new AssertionError("started without " + missing.variable() + ":\n" + outcome.output());
        }
        if (!outcome.output().contains(missing.variable()) && !outcome.output().contains(missing.property())) {
            throw new AssertionError("the failure names neither " + missing.variable() + " nor "
                    + missing.property() + ":\n" + outcome.output());
        }
    }

    /** Starts the module's packaged app with all these settings and asserts that it is still running after 30 s. */
    public static void assertStartsWith(Path moduleDir, List<RequiredSetting> settings) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        settings.forEach(setting -> environment.put(setting.variable(), setting.sample()));
        Outcome outcome = run(moduleDir, environment, Duration.ofSeconds(30));
        if (outcome.exitCode() != null || !outcome.output().contains("Listening on")) {
            throw new AssertionError("did not start with every setting given:\n" + outcome.output());
        }
    }

    /**
     * Starts the module's packaged app with every setting given but its broker on another host, once without
     * saying how to reach it (PLAINTEXT, Kafka's default) and once with SASL_SSL but without credentials, and
     * asserts that each start stops, naming what is missing: the service never sends its events unencrypted
     * over a network, nor tries a broker it cannot authenticate to.
     */
    public static void assertRefusesUnsafeKafka(Path moduleDir, List<RequiredSetting> settings) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        settings.forEach(setting -> environment.put(setting.variable(), setting.sample()));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.invalid:9093");
        assertStopsSaying(run(moduleDir, environment, Duration.ofSeconds(60)), "KAFKA_SECURITY_PROTOCOL");
        environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        environment.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        assertStopsSaying(run(moduleDir, environment, Duration.ofSeconds(60)), "KAFKA_SASL_JAAS_CONFIG");
    }

    private static void assertStopsSaying(Outcome outcome, String text) {
        if (!outcome.stopped() || !outcome.output().contains(text)) {
            throw new AssertionError("should have stopped naming " + text + ":\n" + outcome.output());
        }
    }

    /**
     * What a service with a database needs in production: a real, empty database of that name (so that
     * only the setting under test can stop a start) with its runtime role for the service and its owner
     * role for the migrations, a broker address where nothing listens (consumers start without a
     * broker), the token rules and the pseudonym secret.
     */
    public static List<RequiredSetting> databaseServiceSettings(String database) {
        dev.personalization.infra.Postgres.ServiceDatabase roles = TestPostgres.recreate(database);
        return List.of(
                new RequiredSetting("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url", roles.jdbcUrl()),
                new RequiredSetting("QUARKUS_DATASOURCE_USERNAME", "quarkus.datasource.username",
                        roles.app().user()),
                new RequiredSetting("SUITE_MIGRATION_USERNAME", "quarkus.flyway.username", roles.owner().user()),
                new RequiredSetting("SUITE_MIGRATION_PASSWORD", "quarkus.flyway.password", roles.owner().password()),
                new RequiredSetting("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers", "127.0.0.1:1"),
                new RequiredSetting("SUITE_JWT_PUBLIC_KEY", "mp.jwt.verify.publickey.location",
                        TestKeys.keys().publicKey("jwt").toUri().toString()),
                new RequiredSetting("SUITE_JWT_ISSUER", "mp.jwt.verify.issuer", "https://issuer.example"),
                new RequiredSetting("SUITE_JWT_AUDIENCE", "mp.jwt.verify.audiences", "suite"),
                new RequiredSetting("SUITE_PSEUDONYM_SECRET", "suite.pseudonym.secret",
                        "a-pseudonym-secret-of-enough-length"));
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
        // not a setting under test (the runtime role's password is optional): a server that asks for
        // passwords needs the one the test roles were given; a gateway ignores it
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", dev.personalization.infra.Postgres.LOCAL_ROLE_PASSWORD);
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
