package dev.personalization.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The class path of a child JVM that runs this module's mains (the Kafka broker, the embedded
 * PostgreSQL). Maven writes the dependency part at build time, so the children need no download.
 */
final class RuntimeClasspath {

    private RuntimeClasspath() {
    }

    static String get() {
        try (InputStream in = RuntimeClasspath.class.getResourceAsStream("runtime-classpath.txt")) {
            if (in == null) {
                throw new IllegalStateException("runtime-classpath.txt is missing: build local-infra with Maven first");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation() + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(RuntimeClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
