package dev.personalization.kit.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The suite's rule for how its Kafka clients may reach a broker, applied by {@link KafkaClientSettings}
 * when a service starts and by the manifest tests to what Kubernetes hands each service: consent decisions
 * and pseudonymous activity cross a network only encrypted (SSL or SASL_SSL), and a SASL client says its
 * mechanism and brings its credentials. PLAINTEXT stays possible for a broker on the same host (the local
 * suite and the tests), where nothing crosses a network. Plain Java, so that any module can apply it.
 */
public final class KafkaSecurity {

    /**
     * The client settings every client takes, looked up by name under {@code kafka.} (so that the
     * environment's {@code KAFKA_SASL_JAAS_CONFIG} and the like reach them).
     */
    public static final List<String> SETTINGS = List.of(
            "bootstrap.servers",
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.certificates",
            "ssl.endpoint.identification.algorithm",
            "ssl.keystore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.keystore.key",
            "ssl.keystore.certificate.chain",
            "ssl.key.password");

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private KafkaSecurity() {
    }

    /** The environment variable that sets a client setting: {@code sasl.jaas.config} → {@code KAFKA_SASL_JAAS_CONFIG}. */
    public static String variable(String setting) {
        return "KAFKA_" + setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether a setting's value is a credential (a password, a private key, a JAAS line), never to be shown. */
    public static boolean secret(String setting) {
        String name = setting.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("jaas") || name.contains("secret")
                || name.contains("token") || name.equals("ssl.keystore.key");
    }

    /**
     * What is wrong with these client settings (Kafka names, without the {@code kafka.} prefix), each naming
     * the property and its variable but never a credential; empty when a client may be built from them.
     */
    public static List<String> problems(Map<String, String> settings) {
        List<String> out = new ArrayList<>();
        String servers = settings.get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            out.add(named("bootstrap.servers") + " is not set");
            return out;
        }
        String protocol = settings.getOrDefault("security.protocol", "PLAINTEXT").trim().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            out.add(named("security.protocol") + " is " + protocol + ", not one of " + PROTOCOLS);
            return out;
        }
        if (!protocol.endsWith("SSL")) {
            List<String> remote = remoteBrokers(servers);
            if (!remote.isEmpty()) {
                out.add(named("security.protocol") + " is " + protocol + " but " + String.join(", ", remote)
                        + " is not on this host: events would cross the network unencrypted (use SASL_SSL or SSL)");
            }
        }
        if (protocol.startsWith("SASL_")) {
            // Kafka's own default (GSSAPI, Kerberos) is never what the suite's brokers speak
            if (blank(settings.get("sasl.mechanism"))) {
                out.add(named("sasl.mechanism") + " is not set, and " + protocol + " needs one (SCRAM-SHA-512)");
            }
            if (blank(settings.get("sasl.jaas.config"))) {
                out.add(named("sasl.jaas.config") + " is not set, and " + protocol + " needs the client's credentials");
            }
        }
        return out;
    }

    /** The bootstrap addresses that are not loopback (by name or address; nothing is resolved). */
    static List<String> remoteBrokers(String servers) {
        List<String> out = new ArrayList<>();
        for (String server : servers.split(",")) {
            String address = server.trim();
            if (address.isEmpty()) {
                continue;
            }
            String host = address.startsWith("[") ? address.substring(1, Math.max(1, address.indexOf(']')))
                    : address.lastIndexOf(':') > 0 ? address.substring(0, address.lastIndexOf(':')) : address;
            host = host.toLowerCase(Locale.ROOT);
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
            if (!loopback) {
                out.add(address);
            }
        }
        return out;
    }

    private static String named(String setting) {
        return "kafka." + setting + " (" + variable(setting) + ")";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
