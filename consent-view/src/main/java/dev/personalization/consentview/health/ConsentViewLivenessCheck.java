package dev.personalization.consentview.health;

import dev.personalization.consentview.service.ConsentTopicReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** DOWN once the consent view's consumer has died: the view would never change again, so restart the service. */
@Liveness
@ApplicationScoped
public class ConsentViewLivenessCheck implements HealthCheck {

    private final ConsentTopicReader reader;

    public ConsentViewLivenessCheck(ConsentTopicReader reader) {
        this.reader = reader;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("consent-view-consumer").status(reader.alive()).build();
    }
}
