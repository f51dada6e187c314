package dev.personalization.consentview.health;

import dev.personalization.consentview.service.CatchUpTracker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the consent view is trusted: caught up with the consent topic up to the end offsets
 * seen at start (or after the broker returned), the broker reachable, and batches stored. Data: the
 * state, the partitions and how many records remain to the target; never anything about a subject.
 */
@Readiness
@ApplicationScoped
public class ConsentViewReadinessCheck implements HealthCheck {

    static final String NAME = "consent-view";

    private final CatchUpTracker tracker;

    public ConsentViewReadinessCheck(CatchUpTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public HealthCheckResponse call() {
        CatchUpTracker.Status status = tracker.status();
        return HealthCheckResponse.named(NAME)
                .status(status.trusted())
                .withData("state", status.state().label())
                .withData("partitions", status.partitions())
                .withData("behind", status.behind())
                .build();
    }
}
