package dev.personalization.k8s;

import static dev.personalization.k8s.Rendered.container;
import static dev.personalization.k8s.Rendered.id;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.kit.kafka.KafkaSecurity;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13, point 5. What a service needs in production is read from its configuration at test time (the
 * service kit's defaults, the consent view's if the service uses it, then its own application.properties;
 * the prod profile's value where one is set): every {@code ${X}} without a default is a setting the
 * manifests must supply. A setting added to a service tomorrow is therefore checked without touching
 * this test. Kafka's security settings are required only together (SASL needs its credentials, a broker on
 * another host needs encryption), so they are checked by the rule each service applies at start
 * ({@link KafkaSecurity}) on what its Deployment hands it.
 */
final class ConfigParity {

    static final List<String> SERVICES = List.of("consent-service", "profile-service", "recommendation-service", "gateway");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** Absolute paths in a value: a whole value, after '=' (kid=path, sslrootcert=path), ',' or file:. */
    private static final Pattern PATH = Pattern.compile("(?:^|[=,]|file:)(/[^,&=?\\s]+)");

    /** The kit binds loopback and each module its local port; in a pod every component listens here. */
    static final Map<String, String> LISTEN = Map.of("QUARKUS_HTTP_HOST", "0.0.0.0", "QUARKUS_HTTP_PORT", "8080",
            "QUARKUS_MANAGEMENT_HOST", "0.0.0.0", "QUARKUS_MANAGEMENT_PORT", "9000");

    private ConfigParity() {
    }

    /** The environment variables a module needs in prod, each with the property that reads it. */
    static Map<String, String> requiredSettings(String module) {
        List<Properties> layers = new ArrayList<>();
        layers.add(load(Rendered.ROOT.resolve("service-kit/src/main/resources/META-INF/microprofile-config.properties")));
        if (read(Rendered.ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>consent-view</artifactId>")) {
            layers.add(load(Rendered.ROOT.resolve("consent-view/src/main/resources/META-INF/microprofile-config.properties")));
        }
        layers.add(load(Rendered.ROOT.resolve(module).resolve("src/main/resources/application.properties")));
        Map<String, String> required = requiredSettings(layers);
        exemptions(module).keySet().forEach(required::remove);
        return required;
    }

    /** Layers in rising precedence; the prod profile's entry of a key wins over the key's plain entry. */
    static Map<String, String> requiredSettings(List<Properties> layers) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> prod = new LinkedHashMap<>();
        for (Properties layer : layers) {
            for (String key : layer.stringPropertyNames()) {
                if (key.startsWith("%prod.")) {
                    prod.put(key.substring("%prod.".length()), layer.getProperty(key));
                } else if (!key.startsWith("%")) {
                    plain.put(key, layer.getProperty(key));
                }
            }
        }
        Map<String, String> effective = new LinkedHashMap<>(plain);
        effective.putAll(prod);
        Map<String, String> required = new TreeMap<>();
        effective.forEach((key, value) -> {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                String name = m.group(1);
                if (ENV_NAME.matcher(name).matches()) {
                    required.put(name, key);
                } else if (!effective.containsKey(name)) {
                    // a reference to a property nobody sets: the environment must, in its env-var form
                    required.put(name.toUpperCase().replaceAll("[^A-Z0-9]", "_"), name);
                }
            }
        });
        return required;
    }

    /**
     * Settings a module's configuration mentions that it never reads (k8s-tests parity-exemptions.properties),
     * each with the reason. An exemption holds only while the module's ProductionConfigIT starts it without.
     */
    static Map<String, String> exemptions(String module) {
        Properties all = load(Rendered.ROOT.resolve("k8s-tests/src/test/resources/parity-exemptions.properties"));
        Map<String, String> out = new TreeMap<>();
        all.stringPropertyNames().stream().filter(k -> k.startsWith(module + "."))
                .forEach(k -> out.put(k.substring(module.length() + 1), all.getProperty(k)));
        return out;
    }

    /** Every required setting of every service is given to its Deployment, and every file it names is mounted. */
    static List<String> check(Rendered rendered) {
        List<String> out = new ArrayList<>();
        for (String service : SERVICES) {
            Optional<com.fasterxml.jackson.databind.node.ObjectNode> deployment = rendered.find("Deployment", service);
            if (deployment.isEmpty()) {
                out.add("no Deployment " + service);
                continue;
            }
            Map<String, Supplied> supplied = supplied(rendered, deployment.get());
            requiredSettings(service).forEach((variable, property) -> {
                Supplied given = supplied.get(variable);
                if (given == null) {
                    out.add(service + ": " + variable + " (" + property + ") is not supplied");
                } else if (given.value() != null && given.value().isBlank()) {
                    out.add(service + ": " + variable + " (" + property + ") is empty in " + given.from());
                }
            });
            if (requiredSettings(service).containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                kafka(supplied).forEach(problem -> out.add(service + ": " + problem));
            }
            LISTEN.forEach((variable, value) -> {
                Supplied given = supplied.get(variable);
                if (given == null || !value.equals(given.value())) {
                    out.add(service + ": " + variable + " is not " + value);
                }
            });
            supplied.forEach((variable, given) -> {
                if (given.value() == null) {
                    return;
                }
                Matcher m = PATH.matcher(given.value());
                while (m.find()) {
                    String problem = mounted(deployment.get(), m.group(1));
                    if (problem != null) {
                        out.add(service + ": " + variable + " names " + m.group(1) + ", " + problem);
                    }
                }
            });
        }
        return out;
    }

    /**
     * What is wrong with the Kafka client settings a Deployment hands its service: what the service itself
     * would refuse at start ({@link KafkaSecurity#problems}), a credential given in the clear instead of from
     * a Secret, and TLS without the cluster CA (Strimzi's CA is the suite's own, in no default trust store).
     */
    static List<String> kafka(Map<String, Supplied> supplied) {
        List<String> out = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : KafkaSecurity.SETTINGS) {
            String variable = KafkaSecurity.variable(setting);
            Supplied given = supplied.get(variable);
            if (given == null) {
                continue;
            }
            if (KafkaSecurity.secret(setting) && given.value() != null) {
                out.add(variable + " is a credential but comes from " + given.from() + ", not from a Secret");
            }
            // a Secret's value is unknown here, only that it is given
            settings.put(setting, given.value() == null ? given.from() : given.value());
        }
        out.addAll(KafkaSecurity.problems(settings));
        String protocol = settings.getOrDefault("security.protocol", "");
        if (protocol.toUpperCase(java.util.Locale.ROOT).endsWith("SSL") && !settings.containsKey("ssl.truststore.location")
                && !settings.containsKey("ssl.truststore.certificates")) {
            out.add("KAFKA_SSL_TRUSTSTORE_LOCATION (or _CERTIFICATES) is not supplied: " + protocol
                    + " would not trust the cluster's CA");
        }
        return out;
    }

    /** A setting as the container gets it: a value (from env or a ConfigMap) or a Secret's key (value null). */
    record Supplied(String from, String value) {
    }

    static Map<String, Supplied> supplied(Rendered rendered, JsonNode deployment) {
        Map<String, Supplied> out = new LinkedHashMap<>();
        JsonNode c = container(deployment);
        for (JsonNode from : c.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText();
            rendered.find("ConfigMap", name).ifPresent(cm -> cm.path("data").properties().forEach(
                    e -> out.put(e.getKey(), new Supplied(id(cm), e.getValue().asText()))));
        }
        for (JsonNode env : c.path("env")) {
            String name = env.path("name").asText();
            if (env.has("value")) {
                out.put(name, new Supplied("env", env.path("value").asText()));
            } else {
                JsonNode secret = env.path("valueFrom").path("secretKeyRef");
                JsonNode map = env.path("valueFrom").path("configMapKeyRef");
                if (!secret.isMissingNode()) {
                    out.put(name, new Supplied("Secret/" + secret.path("name").asText(), null));
                } else if (!map.isMissingNode()) {
                    String value = rendered.find("ConfigMap", map.path("name").asText())
                            .map(cm -> cm.path("data").path(map.path("key").asText()).asText(null)).orElse(null);
                    out.put(name, new Supplied("ConfigMap/" + map.path("name").asText(), value == null ? "" : value));
                }
            }
        }
        return out;
    }

    /** Null if a volume mounted above the path holds the file, else what is wrong. */
    private static String mounted(JsonNode deployment, String path) {
        JsonNode spec = deployment.path("spec").path("template").path("spec");
        for (JsonNode mount : container(deployment).path("volumeMounts")) {
            String at = mount.path("mountPath").asText();
            if (!path.startsWith(at.endsWith("/") ? at : at + "/")) {
                continue;
            }
            String file = path.substring(at.length()).replaceFirst("^/", "");
            for (JsonNode volume : spec.path("volumes")) {
                if (!volume.path("name").asText().equals(mount.path("name").asText())) {
                    continue;
                }
                JsonNode items = volume.path("secret").path("items");
                if (items.isMissingNode() || items.isEmpty()) {
                    return null;
                }
                for (JsonNode item : items) {
                    if (file.equals(item.path("path").asText())) {
                        return null;
                    }
                }
                return "but volume " + volume.path("name").asText() + " has no item " + file;
            }
            return "but no volume " + mount.path("name").asText();
        }
        return "but nothing is mounted there";
    }

    static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
