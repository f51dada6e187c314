package dev.personalization.k8s;

import static dev.personalization.k8s.Rendered.id;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 13, point 6: every rendered object against the schema of its kind, without a cluster.
 * <ul>
 * <li>Kubernetes kinds: the fabric8 kubernetes-model 7.5.2 types, generated from the Kubernetes 1.34 API.
 * An object binds to its type or fails on a wrong type; a field the API does not know lands in the type's
 * additional properties, which this check reports (the API server would drop or refuse it).</li>
 * <li>Strimzi and CloudNativePG kinds: the openAPIV3Schema of their CRDs (src/test/resources/crd-schemas,
 * from Strimzi 1.2.0's packaging/install/cluster-operator and CloudNativePG 1.29.1's
 * releases/cnpg-1.29.1.yaml), with unknown fields refused where the CRD does not preserve them. The CEL
 * rules (x-kubernetes-validations) are not evaluated here.</li>
 * </ul>
 */
final class SchemaValidation {

    static final Map<String, Class<?>> KUBERNETES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Namespace", Namespace.class,
            "apps/v1/Deployment", Deployment.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, JsonSchema> CRDS = new ConcurrentHashMap<>();
    /** Draft 4 (what openAPIV3Schema builds on) plus the Kubernetes and OpenAPI annotations it carries. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keywords(java.util.stream.Stream.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations",
                            "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
                            "x-kubernetes-map-type", "x-kubernetes-embedded-resource", "example", "nullable")
                            .map(NonValidationKeyword::new).map(k -> (com.networknt.schema.Keyword) k).toList())
                    .build()));

    private SchemaValidation() {
    }

    static List<String> validate(Rendered rendered) {
        List<String> out = new ArrayList<>();
        for (ObjectNode object : rendered.objects()) {
            String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            if (Rendered.nameOf(object).isEmpty()) {
                out.add(type + ": no metadata.name");
            }
            Class<?> kubernetes = KUBERNETES.get(type);
            if (kubernetes != null) {
                bind(id(object), object, kubernetes, out);
                out.addAll(required(object));
            } else {
                JsonSchema schema = crd(object.path("apiVersion").asText(), object.path("kind").asText());
                if (schema == null) {
                    out.add(id(object) + ": no schema for " + type);
                    continue;
                }
                bind(id(object) + " metadata", object.path("metadata"), ObjectMeta.class, out);
                for (ValidationMessage message : schema.validate(object)) {
                    out.add(id(object) + ": " + message.getMessage());
                }
            }
        }
        return out;
    }

    private static void bind(String where, JsonNode node, Class<?> type, List<String> out) {
        try {
            unknownFields(where, JSON.treeToValue(node, type), out);
        } catch (IOException | IllegalArgumentException e) {
            out.add(where + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** fabric8 keeps fields its type does not declare in getAdditionalProperties(): each one is an error. */
    private static void unknownFields(String path, Object value, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(path + "[" + i++ + "]", item, out);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(path + "." + k, v, out));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else if (!getter.getName().equals("getClass")) {
                String name = getter.getName().substring(3);
                unknownFields(path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), field, out);
            }
        }
    }

    /** The fields the API server requires that the model types leave optional. */
    private static List<String> required(JsonNode object) {
        List<String> out = new ArrayList<>();
        switch (object.path("kind").asText()) {
            case "Deployment" -> {
                JsonNode spec = object.path("spec");
                JsonNode selector = spec.path("selector").path("matchLabels");
                if (selector.isEmpty()) {
                    out.add(id(object) + ": spec.selector is required");
                }
                selector.properties().forEach(e -> {
                    if (!e.getValue().equals(spec.path("template").path("metadata").path("labels").path(e.getKey()))) {
                        out.add(id(object) + ": selector " + e.getKey() + " does not match the template's labels");
                    }
                });
                JsonNode containers = spec.path("template").path("spec").path("containers");
                if (containers.isEmpty()) {
                    out.add(id(object) + ": no containers");
                }
                containers.forEach(c -> {
                    if (c.path("name").asText().isEmpty() || c.path("image").asText().isEmpty()) {
                        out.add(id(object) + ": a container needs a name and an image");
                    }
                });
            }
            case "Service" -> object.path("spec").path("ports").forEach(p -> {
                if (!p.path("port").isInt()) {
                    out.add(id(object) + ": a port needs its number");
                }
            });
            case "HorizontalPodAutoscaler" -> {
                if (!object.path("spec").path("maxReplicas").isInt()
                        || object.path("spec").path("scaleTargetRef").path("name").asText().isEmpty()) {
                    out.add(id(object) + ": spec.maxReplicas and spec.scaleTargetRef are required");
                }
            }
            default -> {
            }
        }
        return out;
    }

    static JsonSchema crd(String apiVersion, String kind) {
        String[] gv = apiVersion.split("/");
        if (gv.length != 2) {
            return null;
        }
        String resource = "/crd-schemas/" + gv[0] + "_" + gv[1] + "_" + kind + ".json";
        return CRDS.computeIfAbsent(resource, r -> {
            try (InputStream in = SchemaValidation.class.getResourceAsStream(r)) {
                if (in == null) {
                    return null;
                }
                JsonNode schema = JSON.readTree(in);
                strict(schema);
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
                return FACTORY.getSchema(schema, config);
            } catch (IOException e) {
                throw new IllegalStateException(r, e);
            }
        });
    }

    /** Structural CRD schemas prune unknown fields silently; for a check, an unknown field is an error. */
    private static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode node) {
            if (node.has("properties") && !node.has("additionalProperties")
                    && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                node.put("additionalProperties", false);
            }
            node.properties().forEach(e -> strict(e.getValue()));
        } else if (schema != null && schema.isArray()) {
            schema.forEach(SchemaValidation::strict);
        }
    }
}
