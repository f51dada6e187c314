package dev.personalization.gateway.routing;

import dev.personalization.gateway.config.GatewayConfig;
import java.net.URI;

/** The services behind the gateway, named as operators and error messages know them. */
public enum Backend {
    CONSENT("consent-service"),
    PROFILE("profile-service"),
    RECOMMENDATION("recommendation-service");

    private final String serviceName;

    Backend(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }

    public URI baseUri(GatewayConfig.Backends backends) {
        return switch (this) {
            case CONSENT -> backends.consent();
            case PROFILE -> backends.profile();
            case RECOMMENDATION -> backends.recommendation();
        };
    }
}
