package dev.personalization.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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

    /** Pooled keep-alive connections per backend and event loop (each event loop keeps its own pool). */
    @WithDefault("32")
    int maxConnectionsPerBackend();

    /** How long the readiness check waits for each backend's liveness endpoint. */
    @WithDefault("2s")
    Duration healthCheckTimeout();

    /** Rate limit and backend timeout of each route class ({@code gateway.routes.shopper.*}, ...). */
    RouteClasses routes();

    /** When a backend counts as down, and for how long the gateway stops calling it. */
    CircuitBreaker circuitBreaker();

    /** Headers over this size (names, values and line overhead together) get 431 problem+json. */
    @WithDefault("16K")
    MemorySize maxHeaderSize();

    /**
     * How many times a GET or HEAD is sent again after the backend refused or dropped the connection.
     * Other methods are never repeated: a second PUT or POST could record a decision twice.
     */
    @WithDefault("1")
    int idempotentRetries();

    /** Global Privacy Control: how long a replica remembers that it applied a shopper's signal. */
    @WithDefault("10m")
    Duration gpcRemember();

    interface RouteClasses {
        RouteClassConfig shopper();

        RouteClassConfig intake();

        RouteClassConfig partner();

        RouteClassConfig admin();

        RouteClassConfig shared();
    }

    interface RouteClassConfig {
        /** How long the gateway waits for the backend's answer; then the call is cancelled and 504 answered. */
        Optional<Duration> timeout();

        /** Sustained requests per second per subject (shoppers) or client (partners). */
        @WithDefault("50")
        double ratePerSecond();

        /** Requests a subject may send at once above the sustained rate. */
        @WithDefault("100")
        int burst();
    }

    interface CircuitBreaker {
        /** Consecutive failures (refused, dropped, timed out, 5xx) that open the circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit answers 503 at once before one trial request is let through. */
        @WithDefault("10s")
        Duration openFor();
    }

    /** One base URL per backend service. */
    interface Backends {

        URI consent();

        URI profile();

        URI recommendation();
    }
}
