package dev.personalization.gateway.testing;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Ports;
import dev.personalization.infra.Postgres;
import dev.personalization.infra.Postgres.ServiceDatabase;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The four packaged services on free ports, over the test JVM's broker and fresh databases (named
 * {@code <database>_<suffix>}, so that two ITs never share one), configured as in production: each
 * service connects as its runtime role and migrates as its database's owner, every door requires key,
 * issuer and audience. A service can be stopped and started again on its ports with its settings (an
 * outage in the middle of a test), and a test can read each service's database as the superuser.
 */
public final class PackagedSuite implements AutoCloseable {

    public static final String GATEWAY = "gateway";
    public static final String CONSENT = "consent-service";
    public static final String PROFILE = "profile-service";
    public static final String RECOMMENDATION = "recommendation-service";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration READY = Duration.ofSeconds(120);

    /** What a service was started with, so that it can start again the same way. */
    private record Launch(int port, int managementPort, Map<String, String> config) {
    }

    private final String databaseSuffix;
    private final String pseudonymSecret;
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final Map<String, Launch> launches = new HashMap<>();

    private PackagedSuite(String databaseSuffix) {
        this.databaseSuffix = databaseSuffix;
        this.pseudonymSecret = "suite-" + UUID.randomUUID();
    }

    /** Starts the suite; {@code gatewayExtra} adds settings of the gateway's own (the demo sign-in, say). */
    public static PackagedSuite start(String databaseSuffix, Map<String, String> gatewayExtra) {
        PackagedSuite suite = new PackagedSuite(databaseSuffix);
        try {
            suite.startAll(gatewayExtra);
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
        return suite;
    }

    private void startAll(Map<String, String> gatewayExtra) {
        DevKeys keys = TestKeys.keys();
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        common.put("mp.jwt.verify.publickey.location", keys.publicKey("jwt").toUri().toString());
        common.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        common.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        common.put("suite.pseudonym.secret", pseudonymSecret);

        ServiceProcess consent = launch(CONSENT, merge(common, datasource(CONSENT), Map.of(
                "suite.keys.receipt-private", keys.privateKey("receipt").toString(),
                "suite.keys.receipt-public", keys.publicKey("receipt").toString(),
                "suite.keys.ledger-hmac", "ledger-key-" + UUID.randomUUID(),
                "suite.keys.ledger-kek", "ledger-kek-" + UUID.randomUUID()),
                TestKeys.eventSigningConfig()));
        ServiceProcess profile = launch(PROFILE, merge(common, datasource(PROFILE), TestKeys.eventTrustConfig()));
        ServiceProcess recommendation = launch(RECOMMENDATION,
                merge(common, datasource(RECOMMENDATION), TestKeys.eventTrustConfig()));
        ServiceProcess gateway = launch(GATEWAY, merge(common, Map.of(
                "gateway.backends.consent", consent.baseUrl(),
                "gateway.backends.profile", profile.baseUrl(),
                "gateway.backends.recommendation", recommendation.baseUrl(),
                "gateway.backends-management.consent", consent.managementUrl(),
                "gateway.backends-management.profile", profile.managementUrl(),
                "gateway.backends-management.recommendation", recommendation.managementUrl()),
                gatewayExtra));
        for (ServiceProcess service : List.of(gateway, consent, profile, recommendation)) {
            service.awaitReady(READY);
        }
    }

    private ServiceProcess launch(String name, Map<String, String> config) {
        Launch launch = new Launch(Ports.freePort(), Ports.freePort(), config);
        launches.put(name, launch);
        ServiceProcess process = ServiceProcess.start(name, ROOT.resolve(name), launch.port(), launch.managementPort(),
                config);
        running.put(name, process);
        return process;
    }

    public ServiceProcess gateway() {
        return service(GATEWAY);
    }

    /** The running process of a service (gateway, consent-service, profile-service, recommendation-service). */
    public ServiceProcess service(String name) {
        ServiceProcess process = running.get(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process;
    }

    /** Stops one service, as an outage would. */
    public void stop(String name) {
        ServiceProcess process = running.remove(name);
        if (process != null) {
            process.stop();
        }
    }

    /** Starts a stopped service again on the same ports with the same settings, and waits until it is ready. */
    public ServiceProcess restart(String name) {
        stop(name);
        Launch launch = launches.get(name);
        ServiceProcess process = ServiceProcess.start(name, ROOT.resolve(name), launch.port(), launch.managementPort(),
                launch.config());
        running.put(name, process);
        return process.awaitReady(READY);
    }

    /** The secret every service derives pseudonyms with. */
    public String pseudonymSecret() {
        return pseudonymSecret;
    }

    /** A connection to the service's own database, as the superuser (to look into every table). */
    public Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(TestPostgres.server().jdbcUrl(database(service)), Postgres.USER,
                Postgres.PASSWORD);
    }

    @Override
    public void close() {
        // the gateway (started last) first
        List<String> names = new ArrayList<>(running.keySet());
        Collections.reverse(names);
        names.forEach(this::stop);
    }

    private String database(String service) {
        return service.substring(0, service.indexOf('-')) + "_" + databaseSuffix;
    }

    private Map<String, String> datasource(String service) {
        ServiceDatabase database = TestPostgres.recreate(database(service));
        return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.app().user(),
                "quarkus.datasource.password", database.app().password(),
                "quarkus.flyway.username", database.owner().user(),
                "quarkus.flyway.password", database.owner().password());
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... parts) {
        Map<String, String> config = new HashMap<>();
        for (Map<String, String> part : parts) {
            config.putAll(part);
        }
        return config;
    }
}
