package dev.personalization.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Issue 13, point 5: every setting a service reads in prod (from its properties, at test time) is supplied by the manifests. */
class ConfigParityTest extends RuleContract {

    @Override
    protected List<RuleCase> rules() {
        return List.of(
                new RuleCase("every prod setting supplied", ConfigParity::check, "missing-setting",
                        "consent-service: SUITE_LEDGER_KEK (suite.keys.ledger-kek) is not supplied"),
                new RuleCase("every key file mounted", ConfigParity::check, "unmounted-key",
                        "consent-service: SUITE_RECEIPT_PRIVATE_KEY names /etc/suite/receipt-private.pem, but nothing is mounted"),
                new RuleCase("Kafka credentials supplied with SASL", ConfigParity::check, "kafka-no-credentials",
                        "consent-service: kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) is not set"),
                new RuleCase("Kafka encrypted to the cluster's broker", ConfigParity::check, "kafka-plaintext",
                        "profile-service: kafka.security.protocol (KAFKA_SECURITY_PROTOCOL) is PLAINTEXT"));
    }

    @Test
    void aSettingAddedToAServiceBecomesRequired() {
        Properties kit = properties("suite.pseudonym.secret", "${SUITE_PSEUDONYM_SECRET}",
                "%dev.suite.pseudonym.secret", "dev-only");
        Properties service = properties("redis.hosts", "${REDIS_HOSTS}", "limits.size", "${suite.http.max-body-size:16K}",
                "issuer", "${mp.jwt.verify.issuer}", "mp.jwt.verify.issuer", "${SUITE_JWT_ISSUER}",
                "otel.endpoint", "${otel.collector}");
        assertEquals(Map.of("SUITE_PSEUDONYM_SECRET", "suite.pseudonym.secret", "REDIS_HOSTS", "redis.hosts",
                "SUITE_JWT_ISSUER", "mp.jwt.verify.issuer", "OTEL_COLLECTOR", "otel.collector"),
                ConfigParity.requiredSettings(List.of(kit, service)));
    }

    @Test
    void aProdProfileValueReplacesThePlaceholder() {
        Properties service = properties("kafka.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}",
                "%prod.kafka.bootstrap.servers", "kafka:9093", "%test.x", "${NOT_IN_PROD}");
        assertEquals(Map.of(), ConfigParity.requiredSettings(List.of(service)));
    }

    @Test
    void theServicesRequirementsComeFromTheirConfiguration() {
        Map<String, String> consent = ConfigParity.requiredSettings("consent-service");
        assertTrue(consent.keySet().containsAll(List.of("SUITE_LEDGER_KEK", "SUITE_JWT_PUBLIC_KEY", "SUITE_PSEUDONYM_SECRET",
                "QUARKUS_DATASOURCE_JDBC_URL", "SUITE_MIGRATION_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS")), consent.toString());
        assertTrue(ConfigParity.requiredSettings("profile-service").containsKey("SUITE_EVENT_TRUSTED_KEYS"));
        assertTrue(ConfigParity.requiredSettings("gateway").containsKey("GATEWAY_BACKENDS_MANAGEMENT_CONSENT"));
        assertFalse(ConfigParity.requiredSettings("gateway").containsKey("QUARKUS_DATASOURCE_JDBC_URL"));
    }

    @Test
    void kafkaSettingsAreCheckedAsAWhole() {
        Map<String, ConfigParity.Supplied> cluster = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", new ConfigParity.Supplied("ConfigMap/x", "kafka-bootstrap:9093"),
                "KAFKA_SECURITY_PROTOCOL", new ConfigParity.Supplied("ConfigMap/x", "SASL_SSL"),
                "KAFKA_SASL_MECHANISM", new ConfigParity.Supplied("ConfigMap/x", "SCRAM-SHA-512"),
                "KAFKA_SASL_JAAS_CONFIG", new ConfigParity.Supplied("Secret/consent-service", null),
                "KAFKA_SSL_TRUSTSTORE_LOCATION", new ConfigParity.Supplied("ConfigMap/x", "/var/run/secrets/kafka-ca/ca.crt"));
        assertEquals(List.of(), ConfigParity.kafka(cluster));

        Map<String, ConfigParity.Supplied> inTheClear = new java.util.HashMap<>(cluster);
        inTheClear.put("KAFKA_SASL_JAAS_CONFIG", new ConfigParity.Supplied("ConfigMap/x", "ScramLoginModule required;"));
        assertEquals(List.of("KAFKA_SASL_JAAS_CONFIG is a credential but comes from ConfigMap/x, not from a Secret"),
                ConfigParity.kafka(inTheClear));

        Map<String, ConfigParity.Supplied> untrusted = new java.util.HashMap<>(cluster);
        untrusted.remove("KAFKA_SSL_TRUSTSTORE_LOCATION");
        assertTrue(ConfigParity.kafka(untrusted).get(0).startsWith("KAFKA_SSL_TRUSTSTORE_LOCATION"));

        assertEquals(1, ConfigParity.kafka(Map.of("KAFKA_BOOTSTRAP_SERVERS", cluster.get("KAFKA_BOOTSTRAP_SERVERS"))).size(),
                "PLAINTEXT (unset) to the cluster's broker");
    }

    /** An exemption stays true only while the module's packaged app starts in prod without the setting. */
    @Test
    void exemptionsHoldOnlyWhileProductionConfigITStartsWithoutThem() throws Exception {
        for (String module : ConfigParity.SERVICES) {
            for (String variable : ConfigParity.exemptions(module).keySet()) {
                try (var files = java.nio.file.Files.walk(Rendered.ROOT.resolve(module).resolve("src/test/java"))) {
                    List<java.nio.file.Path> its = files.filter(f -> f.endsWith("ProductionConfigIT.java")).toList();
                    assertFalse(its.isEmpty(), module + " has no ProductionConfigIT to back its exemptions");
                    for (java.nio.file.Path it : its) {
                        String source = ConfigParity.read(it);
                        assertFalse(source.contains(variable) || source.contains("databaseServiceSettings"),
                                it + " needs " + variable + ": drop its exemption in parity-exemptions.properties");
                    }
                }
            }
        }
    }

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }
}
