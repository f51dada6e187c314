package dev.personalization.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13, point 1: what each overlay is, rendered offline. */
class OverlaysTest {

    private static final Set<String> COMPONENTS = Set.of("consent-service", "profile-service", "recommendation-service", "gateway");

    @ParameterizedTest(name = "{0} renders the whole suite into its namespace, with no Secret in it")
    @ValueSource(strings = {"dev", "prod"})
    void rendersTheSuite(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertEquals(COMPONENTS, rendered.ofKind("Deployment").map(Rendered::nameOf).collect(Collectors.toSet()));
        String namespace = rendered.ofKind("Namespace").map(Rendered::nameOf).findFirst().orElseThrow();
        rendered.objects().stream().filter(o -> !"Namespace".equals(o.path("kind").asText())).forEach(o -> assertEquals(
                namespace, o.path("metadata").path("namespace").asText(), Rendered.id(o) + " outside " + namespace));
        // secrets are managed outside the manifests: referenced, never committed
        assertEquals(0, rendered.ofKind("Secret").count());
    }

    @Test
    void devRunsOneOfEverything() {
        Rendered dev = Rendered.overlay("dev");
        dev.deployments().forEach(d -> assertEquals(1, d.path("spec").path("replicas").asInt(), Rendered.id(d)));
        dev.ofKind("Cluster").forEach(c -> assertEquals(1, c.path("spec").path("instances").asInt(), Rendered.id(c)));
        assertEquals(1, dev.ofKind("KafkaNodePool").mapToInt(p -> p.path("spec").path("replicas").asInt()).sum());
        assertEquals(0, dev.ofKind("Ingress").count() + dev.ofKind("HorizontalPodAutoscaler").count());
    }

    @Test
    void prodHasReplicasAutoscalingBudgetsAndATlsIngressForTheGatewayOnly() {
        Rendered prod = Rendered.overlay("prod");
        for (String component : COMPONENTS) {
            JsonNode deployment = prod.find("Deployment", component).orElseThrow();
            assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, component + " replicas");
            JsonNode hpa = prod.find("HorizontalPodAutoscaler", component).orElseThrow();
            assertEquals(component, hpa.path("spec").path("scaleTargetRef").path("name").asText());
            assertTrue(hpa.path("spec").path("minReplicas").asInt() >= 2, component + " HPA minReplicas");
            JsonNode pdb = prod.find("PodDisruptionBudget", component).orElseThrow();
            assertEquals(component, pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
        }
        List<JsonNode> ingresses = prod.ofKind("Ingress").map(i -> (JsonNode) i).toList();
        assertEquals(1, ingresses.size());
        JsonNode ingress = ingresses.get(0);
        assertFalse(ingress.path("spec").path("tls").isEmpty(), "the Ingress terminates TLS");
        assertEquals(List.of("gateway"), ingress.findValues("service").stream().map(s -> s.path("name").asText()).distinct().toList());
        prod.ofKind("Cluster").forEach(c -> assertTrue(c.path("spec").path("instances").asInt() >= 3, Rendered.id(c)));
        prod.ofKind("KafkaTopic").forEach(t -> assertEquals(3, t.path("spec").path("replicas").asInt(), Rendered.id(t)));
    }
}
