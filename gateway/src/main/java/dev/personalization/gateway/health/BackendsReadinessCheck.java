package dev.personalization.gateway.health;

import dev.personalization.gateway.client.BackendClient;
import dev.personalization.gateway.resilience.CircuitBreakers;
import dev.personalization.gateway.routing.Backend;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether each backend answers its liveness endpoint, on the backend's management interface
 * ({@code gateway.backends-management.*}), and its circuit (closed, open, half_open); {@code state} is
 * {@code degraded} while any backend is down or its circuit open, else {@code ok}.
 *
 * <p>The check stays UP when backends are down, on purpose: the gateway serves the routes whose
 * backend is up, and for the others it answers 503 problem+json, which tells a client far more than
 * the connection error it would get if Kubernetes took every gateway pod out of the Service. Taking
 * the gateway out of rotation cannot bring a backend back; the data shows operators which one is gone.
 */
@Readiness
public class BackendsReadinessCheck implements AsyncHealthCheck {

    private final BackendClient backends;
    private final CircuitBreakers circuits;

    public BackendsReadinessCheck(BackendClient backends, CircuitBreakers circuits) {
        this.backends = backends;
        this.circuits = circuits;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<BackendState>> probes = Arrays.stream(Backend.values())
                .map(backend -> backends.isLive(backend).map(live -> new BackendState(backend, live)))
                .toList();
        return Uni.join().all(probes).andFailFast().map(states -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
            boolean degraded = false;
            for (BackendState state : states) {
                CircuitBreakers.State circuit = circuits.state(state.backend());
                boolean usable = state.live() && circuit != CircuitBreakers.State.OPEN;
                degraded |= !usable;
                response.withData(state.backend().serviceName(), state.live() ? "UP" : "DOWN");
                response.withData(state.backend().serviceName() + ".circuit", circuit.name().toLowerCase(Locale.ROOT));
            }
            // "degraded": some routes answer 503 (or a stale list), the others work; the gateway stays ready
            return response.withData("state", degraded ? "degraded" : "ok").build();
        });
    }

    private record BackendState(Backend backend, boolean live) {
    }
}
