package dev.personalization.consent.health;

import dev.personalization.consent.service.ConsentReadCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether consent reads come from memory or from the database. Always UP: without its invalidation
 * channel the cache is bypassed, so answers stay correct, only slower.
 */
@Readiness
@ApplicationScoped
public class ReadCacheReadinessCheck implements HealthCheck {

    private final ConsentReadCache cache;

    public ReadCacheReadinessCheck(ConsentReadCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        String mode = !cache.enabled() ? "disabled" : cache.coherent() ? "in use" : "bypassed (no invalidation channel)";
        return HealthCheckResponse.named("consent-read-cache").up().withData("mode", mode).build();
    }
}
