package dev.personalization.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;

/**
 * Where the backends are and how long the gateway waits for them. The body limit is the suite's
 * ({@code suite.http.max-body-size}, applied by service-kit's BodyLimit), not the gateway's own.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The backends' public base URLs, where /api requests are forwarded. No default: see application.properties. */
    Backends backends();

    /**
     * The backends' management base URLs: their health lives on the management interface, which the
     * public port no longer serves.
     */
    @WithName("backends-management")
    Backends backendsManagement();

    /** The longest the gateway waits for a backend's whole answer before it answers 504. */
    @WithDefault("10s")
    Duration backendTimeout();

    /** Pooled keep-alive connections per backend. */
    @WithDefault("32")
    int maxConnectionsPerBackend();

    /** How long the readiness check waits for each backend's liveness endpoint. */
    @WithDefault("2s")
    Duration healthCheckTimeout();

    /** One base URL per backend service. */
    interface Backends {

        URI consent();

        URI profile();

        URI recommendation();
    }
}
