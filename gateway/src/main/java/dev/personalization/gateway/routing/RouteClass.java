package dev.personalization.gateway.routing;

import dev.personalization.gateway.config.GatewayConfig;

/**
 * Routes that share a rate limit and a backend timeout ({@code gateway.routes.<class>.*}). Who a
 * limit counts is the token's subject: the shopper for shopper routes, the partner client for partner
 * routes.
 */
public enum RouteClass {
    /** A shopper's own reads and decisions. */
    SHOPPER("shopper"),
    /** Batches a shopper's device sends (activity intake): larger bodies, a longer timeout. */
    INTAKE("intake"),
    /** Partner teams' reads and writes, counted per client. */
    PARTNER("partner"),
    /** Operators. */
    ADMIN("admin"),
    /** Paths any valid token may call (purposes, catalog reads, receipt checks). */
    SHARED("shared");

    private final String configName;

    RouteClass(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public GatewayConfig.RouteClassConfig settings(GatewayConfig config) {
        GatewayConfig.RouteClasses classes = config.routes();
        return switch (this) {
            case SHOPPER -> classes.shopper();
            case INTAKE -> classes.intake();
            case PARTNER -> classes.partner();
            case ADMIN -> classes.admin();
            case SHARED -> classes.shared();
        };
    }
}
