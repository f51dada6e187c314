package dev.personalization.gateway.testing;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Ports;
import dev.personalization.infra.Postgres.ServiceDatabase;
import dev.personalization.infra.testing.ServiceProcess;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.infra.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The four packaged services on free ports, over the test JVM's broker and fresh databases (named with
 * the given suffix, so that two ITs never share one), configured as in production: each service
 * connects as its runtime role and migrates as its database's owner, every door requires key, issuer
 * and audience.
 */
public final class PackagedSuite implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final ServiceProcess gateway;
    private final List<ServiceProcess> services;

    private PackagedSuite(ServiceProcess gateway, List<ServiceProcess> services) {
        this.gateway = gateway;
        this.services = services;
    }

    /** Starts the suite; {@code gatewayExtra} adds settings of the gateway's own (the demo sign-in, say). */
    public static PackagedSuite start(String databaseSuffix, Map<String, String> gatewayExtra) {
        DevKeys keys = TestKeys.keys();
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        common.put("mp.jwt.verify.publickey.location", keys.publicKey("jwt").toUri().toString());
        common.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        common.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        common.put("suite.pseudonym.secret", "suite-" + UUID.randomUUID());

        ServiceProcess consent = ServiceProcess.start("consent-service", ROOT.resolve("consent-service"),
                Ports.freePort(), merge(common, datasource("consent_" + databaseSuffix), Map.of(
                        "suite.keys.receipt-private", keys.privateKey("receipt").toString(),
                        "suite.keys.receipt-public", keys.publicKey("receipt").toString(),
                        "suite.keys.ledger-hmac", "ledger-key-" + UUID.randomUUID(),
                        "suite.keys.ledger-kek", "ledger-kek-" + UUID.randomUUID()),
                        TestKeys.eventSigningConfig()));
        ServiceProcess profile = ServiceProcess.start("profile-service", ROOT.resolve("profile-service"),
                Ports.freePort(), merge(common, datasource("profile_" + databaseSuffix), TestKeys.eventTrustConfig()));
        ServiceProcess recommendation = ServiceProcess.start("recommendation-service",
                ROOT.resolve("recommendation-service"), Ports.freePort(),
                merge(common, datasource("recommendation_" + databaseSuffix), TestKeys.eventTrustConfig()));
        ServiceProcess gateway = ServiceProcess.start("gateway", ROOT.resolve("gateway"), Ports.freePort(),
                merge(common, Map.of(
                        "gateway.backends.consent", consent.baseUrl(),
                        "gateway.backends.profile", profile.baseUrl(),
                        "gateway.backends.recommendation", recommendation.baseUrl(),
                        "gateway.backends-management.consent", consent.managementUrl(),
                        "gateway.backends-management.profile", profile.managementUrl(),
                        "gateway.backends-management.recommendation", recommendation.managementUrl()),
                        gatewayExtra));
        PackagedSuite suite = new PackagedSuite(gateway, List.of(gateway, consent, profile, recommendation));
        try {
            for (ServiceProcess service : suite.services) {
                service.awaitReady(Duration.ofSeconds(120));
            }
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
        return suite;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    @Override
    public void close() {
        services.forEach(ServiceProcess::stop);
    }

    private static Map<String, String> datasource(String name) {
        ServiceDatabase database = TestPostgres.recreate(name);
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
