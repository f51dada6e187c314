package dev.personalization.kit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the shared Kafka client settings are read from configuration, checked, and shown. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"consent-service\" password=\"s3cret-from-the-kafkauser\";";

    /** Settings as Kubernetes hands them over: environment variables only (the manifests' names). */
    private static final Map<String, String> CLUSTER = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "suite-kafka-kafka-bootstrap:9093",
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "KAFKA_SASL_JAAS_CONFIG", JAAS,
            "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "/var/run/secrets/kafka-ca/ca.crt");

    @Test
    void environmentVariablesReachTheClientUnderKafkaNames() {
        Map<String, Object> client = settings(CLUSTER, Map.of()).properties();
        assertEquals(Map.of("bootstrap.servers", "suite-kafka-kafka-bootstrap:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS, "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/var/run/secrets/kafka-ca/ca.crt"), client);
    }

    @Test
    void otherKafkaPropertiesArePassedOnAndTheEnvironmentWins() {
        KafkaClientSettings kafka = settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "kafka.client.dns.lookup", "use_all_dns_ips",
                        "quarkus.kafka.x", "not a client setting"));
        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092", "client.dns.lookup", "use_all_dns_ips"),
                kafka.properties());
    }

    @Test
    void aClientAddsItsOwnSettingsOnACopy() {
        KafkaClientSettings kafka = settings(CLUSTER, Map.of());
        Map<String, Object> consumer = kafka.with(Map.of("group.id", "g", "max.poll.records", 10));
        assertEquals("g", consumer.get("group.id"));
        assertEquals(JAAS, consumer.get("sasl.jaas.config"));
        assertFalse(kafka.properties().containsKey("group.id"));
    }

    @Test
    void credentialsNeverShowInToString() {
        Map<String, String> env = new java.util.HashMap<>(CLUSTER);
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-pass-123");
        env.put("KAFKA_SSL_KEY_PASSWORD", "key-pass-456");
        String shown = settings(env, Map.of()).toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertFalse(shown.contains("pass-123") || shown.contains("pass-456"), shown);
        assertTrue(shown.contains("sasl.jaas.config=[hidden]") && shown.contains("ssl.key.password=[hidden]"), shown);
        assertTrue(shown.contains("security.protocol=SASL_SSL") && shown.contains("suite-kafka-kafka-bootstrap:9093"), shown);
    }

    @Test
    void plaintextToABrokerOnAnotherHostIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,kafka.example:9092"), Map.of()));
        assertTrue(refused.getMessage().contains("KAFKA_SECURITY_PROTOCOL") && refused.getMessage().contains("kafka.example:9092"),
                refused.getMessage());
        assertThrows(IllegalStateException.class, () -> settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", JAAS), Map.of()));
    }

    @Test
    void plaintextOnThisHostIsAllowed() {
        for (String servers : List.of("127.0.0.1:9092", "localhost:9092", "[::1]:9092", "127.0.0.1:1,localhost:2")) {
            assertEquals(servers, settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", servers), Map.of()).bootstrapServers());
        }
    }

    @Test
    void saslWithoutMechanismOrCredentialsIsRefusedNamingWhatIsMissing() {
        Map<String, String> env = new java.util.HashMap<>(CLUSTER);
        env.remove("KAFKA_SASL_JAAS_CONFIG");
        env.remove("KAFKA_SASL_MECHANISM");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(env, Map.of()));
        assertTrue(refused.getMessage().contains("KAFKA_SASL_JAAS_CONFIG"), refused.getMessage());
        assertTrue(refused.getMessage().contains("KAFKA_SASL_MECHANISM"), refused.getMessage());
    }

    @Test
    void aRefusalNeverQuotesACredential() {
        Map<String, String> env = new java.util.HashMap<>(CLUSTER);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(env, Map.of()));
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }

    @Test
    void anUnsetBrokerIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(Map.of(), Map.of()));
        assertTrue(refused.getMessage().contains("KAFKA_BOOTSTRAP_SERVERS"), refused.getMessage());
    }

    @Test
    void variablesFollowMicroProfilesEnvironmentMapping() {
        assertEquals("KAFKA_SASL_JAAS_CONFIG", KafkaSecurity.variable("sasl.jaas.config"));
        assertEquals("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM",
                KafkaSecurity.variable("ssl.endpoint.identification.algorithm"));
    }

    private static KafkaClientSettings settings(Map<String, String> environment, Map<String, String> properties) {
        return new KafkaClientSettings(new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300), new PropertiesConfigSource(properties, "test", 250))
                .build());
    }
}
