package dev.personalization.gateway.health;

import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether each backend answers its liveness endpoint, on the backend's management interface
 * ({@code gateway.backends-management.*}).
 *
 * <p>The check stays UP when backends are down, on purpose: the gateway serves the routes whose
 * backend is up, and for the others it answers 503 problem+json, which tells a client far more than
 * the connection error it would get if Kubernetes took every gateway pod out of the Service. Taking
 * the gateway out of rotation cannot bring a backend back; the data shows operators which one is gone.
 */
@Readiness
public class BackendsReadinessCheck implements AsyncHealthCheck {

    private final BackendClient backends;

    public BackendsReadinessCheck(BackendClient backends) {
        this.backends = backends;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<BackendState>> probes = Arrays.stream(Backend.values())
                .map(backend -> backends.isLive(backend).map(live -> new BackendState(backend, live)))
                .toList();
        return Uni.join().all(probes).andFailFast().map(states -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
            states.forEach(state -> response.withData(state.backend().serviceName(), state.live() ? "UP" : "DOWN"));
            return response.build();
        });
    }

    private record BackendState(Backend backend, boolean live) {
    }
}
