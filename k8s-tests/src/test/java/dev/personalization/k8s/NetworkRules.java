package dev.personalization.k8s;

import static dev.personalization.k8s.Rendered.id;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 13, point 3. The rules read the NetworkPolicies the way the cluster would for each group of pods
 * (a Deployment's pods, a database's instances, the Kafka brokers) and compare every peer a policy lets in
 * with the peers that pod group may have.
 */
final class NetworkRules {

    static final String INGRESS_CONTROLLER = "ns:ingress-nginx";
    static final String SCRAPER = "ns:monitoring";
    static final Map<String, String> DATABASES = Map.of(
            "consent-service", "consent-db", "profile-service", "profile-db",
            "recommendation-service", "recommendation-db");
    static final Set<String> KAFKA_CLIENTS = DATABASES.keySet();

    private NetworkRules() {
    }

    /** A policy that selects every pod and allows nothing, in both directions. */
    static List<String> defaultDeny(Rendered rendered) {
        boolean found = rendered.ofKind("NetworkPolicy").anyMatch(p -> {
            JsonNode spec = p.path("spec");
            return spec.path("podSelector").isEmpty()
                    && WorkloadRules.texts(spec.path("policyTypes")).containsAll(List.of("Ingress", "Egress"))
                    && spec.path("ingress").isEmpty() && spec.path("egress").isEmpty();
        });
        return found ? List.of() : List.of("no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)");
    }

    /** Only the ingress controller reaches the gateway (and the scraper its management port). */
    static List<String> gatewayOnlyFromIngressController(Rendered rendered) {
        Map<String, Set<Integer>> allowed = Map.of(INGRESS_CONTROLLER, Set.of(8080), SCRAPER, Set.of(9000));
        List<String> out = compare(rendered, "gateway", Map.of("app.kubernetes.io/name", "gateway"), allowed);
        rendered.ofKind("Ingress").forEach(ingress -> ingress.findValues("service").forEach(s -> {
            if (!"gateway".equals(s.path("name").asText())) {
                out.add(id(ingress) + ": routes to " + s.path("name").asText() + "; only the gateway may have an Ingress");
            }
        }));
        rendered.ofKind("Service").forEach(s -> {
            String type = s.path("spec").path("type").asText("ClusterIP");
            if (!"ClusterIP".equals(type)) {
                out.add(id(s) + ": type " + type + " opens it outside the cluster");
            }
        });
        return out;
    }

    /** Each service answers only the gateway (http and management) and the scraper (management). */
    static List<String> servicesOnlyFromGateway(Rendered rendered) {
        List<String> out = new ArrayList<>();
        for (String service : DATABASES.keySet()) {
            out.addAll(compare(rendered, service, Map.of("app.kubernetes.io/name", service),
                    Map.of("gateway", Set.of(8080, 9000), SCRAPER, Set.of(9000))));
        }
        return out;
    }

    /** Each database answers only its own service, its own instances and the CloudNativePG operator. */
    static List<String> databasesOnlyFromTheirService(Rendered rendered) {
        List<String> out = new ArrayList<>();
        DATABASES.forEach((service, database) -> {
            if (rendered.find("Cluster", database).isEmpty()) {
                out.add("no CloudNativePG Cluster " + database);
            }
            out.addAll(compare(rendered, database, Map.of("cnpg.io/cluster", database), Map.of(
                    service, Set.of(5432), "db:" + database, Set.of(5432, 8000), "ns:cnpg-system", Set.of(5432, 8000))));
        });
        return out;
    }

    /** The brokers' listeners admit only the services (Strimzi makes the NetworkPolicy from the peers). */
    static List<String> kafkaOnlyFromServices(Rendered rendered) {
        List<String> out = new ArrayList<>();
        rendered.ofKind("Kafka").forEach(kafka -> {
            for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                JsonNode peers = listener.path("networkPolicyPeers");
                if (peers.isEmpty()) {
                    out.add(id(kafka) + ": listener " + listener.path("name").asText() + " admits every pod (no networkPolicyPeers)");
                }
                if (!"internal".equals(listener.path("type").asText())) {
                    out.add(id(kafka) + ": listener " + listener.path("name").asText() + " is exposed outside the cluster");
                }
                for (JsonNode peer : peers) {
                    String who = peer(peer);
                    if (!KAFKA_CLIENTS.contains(who)) {
                        out.add(id(kafka) + ": listener " + listener.path("name").asText() + " admits " + who);
                    }
                }
            }
        });
        // and no policy of ours opens the brokers on top of Strimzi's
        out.addAll(compare(rendered, "kafka", Map.of("strimzi.io/cluster", "suite-kafka", "strimzi.io/kind", "Kafka"),
                Map.of()));
        return out;
    }

    /** Compares what the policies selecting pods with these labels let in with what is allowed. */
    private static List<String> compare(Rendered rendered, String target, Map<String, String> podLabels,
            Map<String, Set<Integer>> allowed) {
        List<String> out = new ArrayList<>();
        rendered.ofKind("NetworkPolicy").filter(p -> selects(p.path("spec").path("podSelector"), podLabels)).forEach(p -> {
            for (JsonNode rule : p.path("spec").path("ingress")) {
                List<String> peers = new ArrayList<>();
                if (rule.path("from").isEmpty()) {
                    peers.add("any");
                }
                rule.path("from").forEach(peer -> peers.add(peer(peer)));
                List<Integer> ports = new ArrayList<>();
                rule.path("ports").forEach(port -> ports.add(port.path("port").asInt(-1)));
                for (String peer : peers) {
                    Set<Integer> may = allowed.getOrDefault(peer, Set.of());
                    if (ports.isEmpty() ? true : !may.containsAll(ports)) {
                        out.add(id(p) + ": lets " + peer + " reach " + target + " on "
                                + (ports.isEmpty() ? "every port" : ports));
                    }
                }
            }
        });
        return out;
    }

    /** Names a peer: a pod of the namespace by app name or database, a namespace, or "any". */
    static String peer(JsonNode peer) {
        if (peer.has("ipBlock")) {
            return "ip:" + peer.path("ipBlock").path("cidr").asText();
        }
        JsonNode namespace = peer.path("namespaceSelector");
        if (!namespace.isMissingNode()) {
            String ns = namespace.path("matchLabels").path("kubernetes.io/metadata.name").asText();
            return ns.isEmpty() ? "any" : "ns:" + ns;
        }
        JsonNode labels = peer.path("podSelector").path("matchLabels");
        Map<String, String> named = new LinkedHashMap<>();
        labels.properties().forEach(e -> named.put(e.getKey(), e.getValue().asText()));
        if (named.containsKey("app.kubernetes.io/name") && named.size() == 1) {
            return named.get("app.kubernetes.io/name");
        }
        if (named.containsKey("cnpg.io/cluster") && named.size() == 1) {
            return "db:" + named.get("cnpg.io/cluster");
        }
        return "any" + (named.isEmpty() ? "" : named.toString());
    }

    /** Whether a label selector (matchLabels, matchExpressions Exists/In) selects pods with these labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        for (var e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            String operator = expression.path("operator").asText();
            boolean ok = switch (operator) {
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                case "In" -> WorkloadRules.texts(expression.path("values")).contains(labels.get(key));
                case "NotIn" -> !WorkloadRules.texts(expression.path("values")).contains(labels.get(key));
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

}
