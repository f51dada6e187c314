package dev.personalization.k8s;

import static dev.personalization.k8s.Rendered.id;
import static dev.personalization.k8s.Rendered.nameOf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.contracts.TopicSettings;
import dev.personalization.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Issue 13, point 4: Kafka through Strimzi (KRaft, topics, users with ACLs) and PostgreSQL through CloudNativePG. */
final class InfrastructureRules {

    static final int PARTITIONS = 3;

    /** Who writes what (EVENTS.md): only consent-service writes the consent and erasure-request topics. */
    static final Map<String, Set<String>> WRITES = Map.of(
            "consent-service", Set.of(Topics.CONSENT_DECISIONS, Topics.ERASURE_REQUESTED),
            "profile-service", Set.of(Topics.PROFILE_FEATURES, Topics.ERASURE_COMPLETED),
            "recommendation-service", Set.of(Topics.CATALOG_PRODUCTS, Topics.ERASURE_COMPLETED));
    /** Who reads what, and with which consumer groups (the group ids in the services' code). */
    static final Map<String, Set<String>> READS = Map.of(
            "consent-service", Set.of(Topics.ERASURE_COMPLETED),
            "profile-service", Set.of(Topics.CONSENT_DECISIONS, Topics.ERASURE_REQUESTED, Topics.CATALOG_PRODUCTS),
            "recommendation-service", Set.of(Topics.CONSENT_DECISIONS, Topics.ERASURE_REQUESTED, Topics.PROFILE_FEATURES));
    static final Map<String, Set<String>> GROUPS = Map.of(
            "consent-service", Set.of("consent-service-erasure"),
            "profile-service", Set.of("profile-service-erasure", "profile-service-catalog"),
            "recommendation-service", Set.of("recommendation-service-erasure", "recommendation-service-features"));

    private InfrastructureRules() {
    }

    /** A Kafka in KRaft mode: node pools with controllers and brokers, no ZooKeeper. */
    static List<String> kafkaKraft(Rendered rendered) {
        List<String> out = new ArrayList<>();
        List<JsonNode> kafkas = List.copyOf(rendered.ofKind("Kafka").toList());
        if (kafkas.size() != 1) {
            out.add("expected one Kafka, found " + kafkas.size());
            return out;
        }
        JsonNode kafka = kafkas.get(0);
        if (kafka.path("spec").has("zookeeper")) {
            out.add(id(kafka) + ": has a ZooKeeper");
        }
        List<String> roles = new ArrayList<>();
        rendered.ofKind("KafkaNodePool")
                .filter(pool -> nameOf(kafka).equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()))
                .forEach(pool -> roles.addAll(WorkloadRules.texts(pool.path("spec").path("roles"))));
        if (!roles.contains("controller") || !roles.contains("broker")) {
            out.add(id(kafka) + ": node pools have roles " + roles + ", KRaft needs controller and broker");
        }
        if (!"simple".equals(kafka.path("spec").path("kafka").path("authorization").path("type").asText())) {
            out.add(id(kafka) + ": no ACL authorization (authorization.type simple)");
        }
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (listener.path("authentication").path("type").asText().isEmpty()) {
                out.add(id(kafka) + ": listener " + listener.path("name").asText() + " lets clients in unauthenticated");
            }
        }
        return out;
    }

    /** One KafkaTopic per topic of the suite with its partitions and the settings event-contracts' TopicSettings give it. */
    static List<String> kafkaTopics(Rendered rendered) {
        List<String> out = new ArrayList<>();
        for (String topic : Topics.ALL) {
            List<JsonNode> found = rendered.ofKind("KafkaTopic")
                    .filter(t -> topic.equals(t.path("spec").path("topicName").asText(nameOf(t)))).map(t -> (JsonNode) t).toList();
            if (found.size() != 1) {
                out.add(topic + ": " + found.size() + " KafkaTopics, expected one");
                continue;
            }
            JsonNode spec = found.get(0).path("spec");
            if (spec.path("partitions").asInt() != PARTITIONS) {
                out.add(topic + ": " + spec.path("partitions").asInt() + " partitions, expected " + PARTITIONS);
            }
            TopicSettings.of(topic).kafkaConfig().forEach((key, expected) -> {
                String actual = spec.path("config").path(key).asText();
                if (!expected.equals(actual)) {
                    out.add(topic + ": " + key + " " + (actual.isEmpty() ? "unset" : actual) + ", expected " + expected);
                }
            });
        }
        return out;
    }

    /** A KafkaUser per service; ACLs name only the topics and groups it uses, literally. */
    static List<String> kafkaAcls(Rendered rendered) {
        List<String> out = new ArrayList<>();
        for (String service : WRITES.keySet()) {
            if (rendered.find("KafkaUser", service).isEmpty()) {
                out.add("no KafkaUser " + service);
            }
        }
        rendered.ofKind("KafkaUser").forEach(user -> {
            String service = nameOf(user);
            Set<String> writes = WRITES.getOrDefault(service, Set.of());
            Set<String> reads = READS.getOrDefault(service, Set.of());
            Set<String> groups = GROUPS.getOrDefault(service, Set.of());
            if (user.path("spec").path("authentication").path("type").asText().isEmpty()) {
                out.add(id(user) + ": no authentication");
            }
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String type = resource.path("type").asText();
                String name = resource.path("name").asText();
                List<String> operations = WorkloadRules.texts(acl.path("operations"));
                if (!"literal".equals(resource.path("patternType").asText("literal")) || "*".equals(name)) {
                    out.add(id(user) + ": " + type + " " + name + " is not named literally");
                }
                if ("deny".equalsIgnoreCase(acl.path("type").asText("allow"))) {
                    continue;
                }
                for (String operation : operations) {
                    boolean ok = switch (type) {
                        case "topic" -> switch (operation) {
                            case "Write" -> writes.contains(name);
                            case "Read" -> reads.contains(name);
                            case "Describe" -> writes.contains(name) || reads.contains(name);
                            default -> false;
                        };
                        case "group" -> "Read".equals(operation) && groups.contains(name);
                        default -> false;
                    };
                    if (!ok) {
                        out.add(id(user) + ": may " + operation + " " + type + " " + name);
                    }
                }
            }
        });
        return out;
    }

    /** A CloudNativePG Cluster per service database: owner role for migrations, a login runtime role, no superuser. */
    static List<String> postgresClusters(Rendered rendered) {
        List<String> out = new ArrayList<>();
        NetworkRules.DATABASES.forEach((service, cluster) -> {
            String db = cluster.substring(0, cluster.length() - "-db".length());
            rendered.find("Cluster", cluster).ifPresentOrElse(c -> {
                JsonNode spec = c.path("spec");
                JsonNode initdb = spec.path("bootstrap").path("initdb");
                if (!db.equals(initdb.path("database").asText()) || !(db + "_owner").equals(initdb.path("owner").asText())) {
                    out.add(id(c) + ": bootstrap is not database " + db + " owned by " + db + "_owner");
                }
                if (spec.path("enableSuperuserAccess").asBoolean(false)) {
                    out.add(id(c) + ": superuser access enabled");
                }
                boolean app = false;
                for (JsonNode role : spec.path("managed").path("roles")) {
                    boolean privileged = role.path("superuser").asBoolean(false) || role.path("createdb").asBoolean(false)
                            || role.path("createrole").asBoolean(false) || role.path("replication").asBoolean(false)
                            || role.path("bypassrls").asBoolean(false);
                    if (privileged) {
                        out.add(id(c) + ": role " + role.path("name").asText() + " has more than login");
                    }
                    app |= (db + "_app").equals(role.path("name").asText()) && role.path("login").asBoolean(false);
                }
                if (!app) {
                    out.add(id(c) + ": no login role " + db + "_app");
                }
            }, () -> out.add("no CloudNativePG Cluster " + cluster + " for " + service));
        });
        return out;
    }
}
