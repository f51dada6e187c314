package dev.personalization.gateway.dev;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo sign-in of the shop page: off unless a profile or the operator turns it on. {@code ./suite up}
 * turns it on for the packaged gateway it starts; a production deployment never sets it.
 */
@ConfigMapping(prefix = "gateway.demo")
public interface DemoConfig {

    /** Subjects the demo may sign in: never a real shopper's id. */
    String SUBJECT_PREFIX = "demo-";

    /** When false, {@code /dev/*} answers 404 like any path nothing serves. */
    @WithDefault("false")
    boolean enabled();

    /** PEM (PKCS#8) private key the suite's tokens are signed with; required when enabled. */
    Optional<Path> signingKey();

    /** Short: a demo token is for one sitting, far below the one hour every door accepts. */
    @WithDefault("15m")
    Duration tokenLifetime();

    /** The shoppers the page offers, each starting with {@value #SUBJECT_PREFIX}. */
    @WithDefault("demo-shopper-1,demo-shopper-2,demo-shopper-3")
    List<String> shoppers();
}
