package dev.personalization.kit.kafka;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * What every Kafka client of a service shares: the broker's address and how to reach it safely
 * (security protocol, SASL mechanism and credentials, trust and key stores), from MicroProfile Config.
 * Each known setting is looked up by name, {@code kafka.} + the Kafka name, so that the environment sets it
 * ({@code KAFKA_SASL_JAAS_CONFIG} is {@code kafka.sasl.jaas.config}); any other {@code kafka.} property in
 * the configuration is passed on as well. Every producer, consumer and admin client starts from
 * {@link #properties()} and adds its own settings.
 * <p>
 * Built once, when first injected; settings that break {@link KafkaSecurity}'s rule (PLAINTEXT to a broker
 * on another host, SASL without credentials) fail that, naming the settings but no credential.
 * {@link #toString()} hides credentials too, so the object may be logged.
 */
@Singleton
public class KafkaClientSettings {

    private static final String PREFIX = "kafka.";

    private final Map<String, String> settings;

    @Inject
    public KafkaClientSettings(Config config) {
        Map<String, String> read = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                config.getOptionalValue(name, String.class).ifPresent(v -> read.put(name.substring(PREFIX.length()), v));
            }
        }
        for (String setting : KafkaSecurity.SETTINGS) {
            config.getOptionalValue(PREFIX + setting, String.class).ifPresent(v -> read.put(setting, v));
        }
        List<String> problems = KafkaSecurity.problems(read);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Kafka client settings refused: " + String.join("; ", problems));
        }
        this.settings = Collections.unmodifiableMap(read);
    }

    /** A new, modifiable map of the shared client settings, for one client to add its own to. */
    public Map<String, Object> properties() {
        return new HashMap<>(settings);
    }

    /** The shared client settings with a client's own on top. */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> out = properties();
        out.putAll(own);
        return out;
    }

    public String bootstrapServers() {
        return settings.get("bootstrap.servers");
    }

    /** The settings by name, each credential shown as {@code [hidden]}. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "KafkaClientSettings{", "}");
        settings.forEach((name, value) -> out.add(name + "=" + (KafkaSecurity.secret(name) ? "[hidden]" : value)));
        return out.toString();
    }
}
