package dev.personalization.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The objects `kubectl kustomize` renders for an overlay or a broken fixture, with lookups the rules share. */
public record Rendered(String name, List<ObjectNode> objects) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT = findRoot();
    static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

    public static Rendered overlay(String overlay) {
        return render(ROOT.resolve("k8s/overlays").resolve(overlay));
    }

    /** A fixture: the prod overlay with one rule broken on purpose (src/test/resources/fixtures/<name>). */
    public static Rendered fixture(String fixture) {
        return render(ROOT.resolve("k8s-tests/src/test/resources/fixtures").resolve(fixture));
    }

    static Rendered render(Path directory) {
        return CACHE.computeIfAbsent(directory.normalize(), Rendered::kustomize);
    }

    private static Rendered kustomize(Path directory) {
        String out;
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectErrorStream(false).start();
            byte[] stdout = process.getInputStream().readAllBytes();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + directory + " failed:\n" + stderr);
            }
            out = new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("these tests render with `kubectl kustomize` (kubectl 1.14 or later on PATH): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc instanceof ObjectNode object && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("kustomize output of " + directory + " is not YAML", e);
        }
        return new Rendered(ROOT.relativize(directory).toString(), List.copyOf(objects));
    }

    public Stream<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    public Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).filter(o -> name.equals(nameOf(o))).findFirst();
    }

    public static String nameOf(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    public static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + nameOf(object);
    }

    /** The Deployments' pod templates, by Deployment name. */
    public List<ObjectNode> deployments() {
        return ofKind("Deployment").toList();
    }

    /** The one container of a Deployment (the suite runs one per pod). */
    public static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("k8s/overlays"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("k8s/overlays not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
