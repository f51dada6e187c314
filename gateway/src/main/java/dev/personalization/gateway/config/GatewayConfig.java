package dev.personalization.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Where the backends are and how long the gateway waits for them. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Backends backends();

    /** The longest the gateway waits for a backend's whole answer before it answers 504. */
    @WithDefault("10s")
    Duration backendTimeout();

    /** Bodies over this size are refused with 413 before they reach a backend. */
    @WithDefault("256K")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxBodySize();

    /** Pooled keep-alive connections per backend. */
    @WithDefault("32")
    int maxConnectionsPerBackend();

    /** How long the readiness check waits for each backend's liveness endpoint. */
    @WithDefault("2s")
    Duration healthCheckTimeout();

    interface Backends {

        @WithDefault("http://127.0.0.1:8081")
        URI consent();

        @WithDefault("http://127.0.0.1:8082")
        URI profile();

        @WithDefault("http://127.0.0.1:8083")
        URI recommendation();
    }
}
