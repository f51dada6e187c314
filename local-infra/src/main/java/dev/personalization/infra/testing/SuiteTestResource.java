package dev.personalization.infra.testing;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.Postgres.ServiceDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Real infrastructure for a service's {@code @QuarkusTest}s: a fresh database on a real PostgreSQL
 * (the service connecting as its runtime role, Flyway as the owner role: see
 * {@link dev.personalization.infra.Postgres.ServiceDatabase}), a real Kafka broker, and test keys for
 * JWT verification and receipt signing.
 * Arguments: {@code database} (name; none for the gateway) and {@code kafka} ("false" to do without).
 */
public class SuiteTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private boolean kafka = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        kafka = !"false".equals(initArgs.get("kafka"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (database != null) {
            ServiceDatabase roles = TestPostgres.recreate(database);
            config.put("quarkus.datasource.jdbc.url", roles.jdbcUrl());
            // the service runs as its runtime role, which owns nothing; migrations run as the owner
            config.put("quarkus.datasource.username", roles.app().user());
            config.put("quarkus.datasource.password", roles.app().password());
            config.put("quarkus.flyway.username", roles.owner().user());
            config.put("quarkus.flyway.password", roles.owner().password());
        }
        if (kafka) {
            config.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        }
        DevKeys keys = TestKeys.keys();
        config.put("mp.jwt.verify.publickey.location", keys.publicKey("jwt").toUri().toString());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        config.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        config.put("suite.keys.receipt-private", keys.privateKey("receipt").toString());
        config.put("suite.keys.receipt-public", keys.publicKey("receipt").toString());
        return config;
    }

    @Override
    public void stop() {
        // the broker and the embedded database belong to the JVM and stop with it
    }
}
