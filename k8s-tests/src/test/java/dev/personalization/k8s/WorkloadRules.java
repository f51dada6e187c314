package dev.personalization.k8s;

import static dev.personalization.k8s.Rendered.container;
import static dev.personalization.k8s.Rendered.id;
import static dev.personalization.k8s.Rendered.nameOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Issue 13, point 2: what every Deployment of the suite must be. Each method lists the violations it finds. */
final class WorkloadRules {

    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    private WorkloadRules() {
    }

    /** runAsNonRoot on the pod and the container, nothing that re-grants root. */
    static List<String> nonRoot(Rendered rendered) {
        return each(rendered, (d, out) -> {
            JsonNode pod = d.path("spec").path("template").path("spec").path("securityContext");
            JsonNode c = container(d).path("securityContext");
            if (!pod.path("runAsNonRoot").asBoolean(false) || !c.path("runAsNonRoot").asBoolean(true)) {
                out.add(id(d) + ": runAsNonRoot is not true");
            }
            if (pod.path("runAsUser").asInt(1) == 0 || c.path("runAsUser").asInt(1) == 0) {
                out.add(id(d) + ": runs as uid 0");
            }
            if (c.path("allowPrivilegeEscalation").asBoolean(true) || c.path("privileged").asBoolean(false)) {
                out.add(id(d) + ": privilege escalation not turned off");
            }
        });
    }

    static List<String> readOnlyRootFilesystem(Rendered rendered) {
        return each(rendered, (d, out) -> {
            if (!container(d).path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                out.add(id(d) + ": readOnlyRootFilesystem is not true");
            }
        });
    }

    static List<String> capabilitiesDropped(Rendered rendered) {
        return each(rendered, (d, out) -> {
            JsonNode caps = container(d).path("securityContext").path("capabilities");
            List<String> drop = texts(caps.path("drop"));
            if (!drop.contains("ALL")) {
                out.add(id(d) + ": capabilities drop " + drop + ", not ALL");
            }
            if (!caps.path("add").isMissingNode() && !caps.path("add").isEmpty()) {
                out.add(id(d) + ": capabilities added " + caps.path("add"));
            }
        });
    }

    static List<String> seccompRuntimeDefault(Rendered rendered) {
        return each(rendered, (d, out) -> {
            String pod = d.path("spec").path("template").path("spec").path("securityContext")
                    .path("seccompProfile").path("type").asText();
            JsonNode c = container(d).path("securityContext").path("seccompProfile").path("type");
            if (!"RuntimeDefault".equals(pod) || !(c.isMissingNode() || "RuntimeDefault".equals(c.asText()))) {
                out.add(id(d) + ": seccomp profile is not RuntimeDefault");
            }
        });
    }

    /** No API token in the pod: the services never call the Kubernetes API. */
    static List<String> noServiceAccountToken(Rendered rendered) {
        return each(rendered, (d, out) -> {
            JsonNode spec = d.path("spec").path("template").path("spec");
            if (spec.path("automountServiceAccountToken").asBoolean(true)) {
                out.add(id(d) + ": automountServiceAccountToken is not false");
            }
            String account = spec.path("serviceAccountName").asText("default");
            if ("default".equals(account)) {
                out.add(id(d) + ": runs as the namespace's default service account");
            }
        });
    }

    /** Startup, liveness and readiness probes on the management port's /q/health/* endpoints. */
    static List<String> probesOnManagement(Rendered rendered) {
        return each(rendered, (d, out) -> {
            JsonNode c = container(d);
            PROBES.forEach((probe, path) -> {
                JsonNode get = c.path(probe).path("httpGet");
                String port = get.path("port").asText();
                if (!path.equals(get.path("path").asText()) || !("management".equals(port) || "9000".equals(port))) {
                    out.add(id(d) + ": " + probe + " is not GET " + path + " on the management port");
                }
            });
            boolean managementPort = false;
            for (JsonNode p : c.path("ports")) {
                managementPort |= "management".equals(p.path("name").asText()) && p.path("containerPort").asInt() == 9000;
            }
            if (!managementPort) {
                out.add(id(d) + ": no container port management=9000");
            }
        });
    }

    static List<String> resourcesSized(Rendered rendered) {
        return each(rendered, (d, out) -> {
            JsonNode r = container(d).path("resources");
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (r.path(kind).path(resource).asText().isEmpty()) {
                        out.add(id(d) + ": no " + kind + "." + resource);
                    }
                }
            }
        });
    }

    /** Replicas spread over zones and nodes, counted by the Deployment's own pods. */
    static List<String> topologySpread(Rendered rendered) {
        return each(rendered, (d, out) -> {
            List<String> keys = new ArrayList<>();
            JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
            for (JsonNode t : d.path("spec").path("template").path("spec").path("topologySpreadConstraints")) {
                JsonNode match = t.path("labelSelector").path("matchLabels");
                boolean own = match.size() > 0;
                for (var e : match.properties()) {
                    own &= e.getValue().equals(labels.path(e.getKey()));
                }
                if (own) {
                    keys.add(t.path("topologyKey").asText());
                }
            }
            if (!keys.containsAll(List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"))) {
                out.add(id(d) + ": no topology spread over zones and nodes of its own pods (has " + keys + ")");
            }
        });
    }

    /** Each Deployment comes with its Service, ConfigMap and ServiceAccount. */
    static List<String> companions(Rendered rendered) {
        return each(rendered, (d, out) -> {
            String name = nameOf(d);
            JsonNode spec = d.path("spec").path("template").path("spec");
            if (rendered.find("Service", name).isEmpty()) {
                out.add(id(d) + ": no Service " + name);
            }
            if (rendered.find("ServiceAccount", spec.path("serviceAccountName").asText()).isEmpty()) {
                out.add(id(d) + ": no ServiceAccount " + spec.path("serviceAccountName").asText());
            }
            if (rendered.find("ConfigMap", name + "-config").isEmpty()) {
                out.add(id(d) + ": no ConfigMap " + name + "-config");
            }
        });
    }

    /** Every image (the services' and the operators' workloads) names a version; never latest, never none. */
    static List<String> pinnedImages(Rendered rendered) {
        List<String> out = new ArrayList<>();
        rendered.objects().forEach(o -> o.findValues("image").forEach(i -> check(id(o), i.asText(), out)));
        rendered.ofKind("Cluster").forEach(c -> check(id(c), c.path("spec").path("imageName").asText(), out));
        return out;
    }

    private static void check(String where, String image, List<String> out) {
        if (image.isEmpty() || image.contains("@sha256:")) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash || image.endsWith(":latest")) {
            out.add(where + ": image " + image + " is not pinned to a version");
        }
    }

    private interface Check {
        void apply(JsonNode deployment, List<String> out);
    }

    private static List<String> each(Rendered rendered, Check check) {
        List<String> out = new ArrayList<>();
        rendered.deployments().forEach(d -> check.apply(d, out));
        if (rendered.deployments().size() < 4) {
            out.add("expected the four Deployments of the suite, found " + rendered.deployments().size());
        }
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
