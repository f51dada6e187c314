package dev.personalization.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check `./suite up` makes before it starts anything: which source or pom changed since the last build.
 * Runs the script's own {@code changed_since_build} function with bash over a made-up checkout whose files
 * have chosen modification times.
 */
class SuiteBuildCheckTest {

    private static final Instant BUILT = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path root;

    private Path script;

    @BeforeEach
    void layout() throws IOException {
        script = root.resolve("check.sh");
        Files.writeString(script, function("changed_since_build") + "\nchanged_since_build\n");
        at(root.resolve("pom.xml"), BUILT.minusSeconds(600));
        at(root.resolve("gateway/pom.xml"), BUILT.minusSeconds(600));
        at(root.resolve("gateway/src/main/java/Proxy.java"), BUILT.minusSeconds(60));
        at(root.resolve("gateway/target/quarkus-app/quarkus-run.jar"), BUILT.minusSeconds(5));
        at(root.resolve(".suite/built"), BUILT);
    }

    @Test
    void nothingChangedSinceTheBuild() throws Exception {
        assertEquals("", changed());
    }

    @Test
    void aSourceEditedAfterTheBuildIsNamed() throws Exception {
        at(root.resolve("gateway/src/main/java/Proxy.java"), BUILT.plusSeconds(1));
        assertEquals("gateway/src/main/java/Proxy.java", changed());
    }

    @Test
    void aResourceOrAPomEditedAfterTheBuildCountsToo() throws Exception {
        at(root.resolve("gateway/src/main/resources/application.properties"), BUILT.plusSeconds(1));
        assertEquals("gateway/src/main/resources/application.properties", changed());
        at(root.resolve("gateway/src/main/resources/application.properties"), BUILT.minusSeconds(1));
        at(root.resolve("pom.xml"), BUILT.plusSeconds(1));
        assertEquals("pom.xml", changed());
    }

    @Test
    void buildOutputTestsAndSuiteStateDoNotCount() throws Exception {
        at(root.resolve("gateway/target/classes/Proxy.class"), BUILT.plusSeconds(1));
        at(root.resolve("gateway/src/test/java/ProxyTest.java"), BUILT.plusSeconds(1));
        at(root.resolve(".suite/logs/gateway.log"), BUILT.plusSeconds(1));
        at(root.resolve("README.md"), BUILT.plusSeconds(1));
        assertEquals("", changed());
    }

    @Test
    void withoutAStampTheGatewayJarIsTheLastBuild() throws Exception {
        Files.delete(root.resolve(".suite/built"));
        assertEquals("", changed(), "the source is older than the jar");
        at(root.resolve("gateway/src/main/java/Proxy.java"), BUILT.minusSeconds(1));
        assertEquals("gateway/src/main/java/Proxy.java", changed());
    }

    private String changed() throws Exception {
        Process bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        assertTrue(bash.waitFor(20, TimeUnit.SECONDS), "the check did not finish");
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, bash.exitValue(), output);
        return output;
    }

    private static void at(Path file, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, "x");
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    /** The named function of ../suite, with ROOT and STATE pointing at this test's made-up checkout. */
    private String function(String name) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "suite"));
        int start = lines.indexOf(name + "() {");
        assertTrue(start >= 0, "./suite has no function " + name);
        int end = lines.subList(start, lines.size()).indexOf("}") + start;
        return "set -euo pipefail\nROOT='" + root + "'\nSTATE='" + root.resolve(".suite") + "'\n"
                + String.join("\n", lines.subList(start, end + 1));
    }
}
