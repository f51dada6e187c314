package dev.personalization.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 13, point 2: the image recipe runs the fast-jar as a non-root user from a pinned base. */
class ImageTest {

    @Test
    void theRecipePinsItsBaseAndRunsAsNonRoot() {
        String recipe = ConfigParity.read(Rendered.ROOT.resolve("k8s/image/Dockerfile.jvm"));
        assertTrue(Pattern.compile("(?m)^FROM \\S+:\\d[\\w.-]*$").matcher(recipe).find(), "FROM names a version");
        assertFalse(recipe.contains(":latest"));
        assertTrue(Pattern.compile("(?m)^USER 185$").matcher(recipe).find(), "runs as uid 185 (runAsUser in the manifests)");
        assertTrue(recipe.contains("target/quarkus-app/quarkus-run.jar") || recipe.contains("/deployments/quarkus-run.jar"));
    }
}
