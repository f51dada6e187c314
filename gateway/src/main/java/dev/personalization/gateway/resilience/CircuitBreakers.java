package dev.personalization.gateway.resilience;

import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.routing.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One circuit per backend. After {@code failureThreshold} failures in a row (refused, dropped, timed
 * out or answered 5xx) the circuit opens: calls are refused at once with 503 for {@code openFor}, so
 * that a sick backend is not buried under retries and callers do not wait for its timeout. Then one
 * trial call is let through; its success closes the circuit, its failure opens it again.
 */
@ApplicationScoped
public class CircuitBreakers {

    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private final Map<Backend, Circuit> circuits = new EnumMap<>(Backend.class);

    @Inject
    public CircuitBreakers(GatewayConfig config, Clock clock) {
        this(config.circuitBreaker().failureThreshold(), config.circuitBreaker().openFor(), clock);
    }

    CircuitBreakers(int threshold, Duration openFor, Clock clock) {
        this.clock = clock;
        this.threshold = threshold;
        this.openFor = openFor;
        for (Backend backend : Backend.values()) {
            circuits.put(backend, new Circuit());
        }
    }

    /** Whether a call to the backend may go out now; in half-open state only the one trial may. */
    public boolean allow(Backend backend) {
        return circuits.get(backend).allow(clock.instant());
    }

    public void succeeded(Backend backend) {
        circuits.get(backend).succeeded();
    }

    public void failed(Backend backend) {
        circuits.get(backend).failed(clock.instant());
    }

    public State state(Backend backend) {
        return circuits.get(backend).state(clock.instant());
    }

    private final class Circuit {
        private int failures;
        private Instant openUntil;
        private boolean trialOut;

        synchronized boolean allow(Instant now) {
            if (openUntil == null) {
                return true;
            }
            if (now.isBefore(openUntil) || trialOut) {
                return false;
            }
            trialOut = true;
            return true;
        }

        synchronized void succeeded() {
            failures = 0;
            openUntil = null;
            trialOut = false;
        }

        synchronized void failed(Instant now) {
            failures++;
            if (trialOut || failures >= threshold) {
                openUntil = now.plus(openFor);
                trialOut = false;
            }
        }

        synchronized State state(Instant now) {
            if (openUntil == null) {
                return State.CLOSED;
            }
            return now.isBefore(openUntil) || trialOut ? State.OPEN : State.HALF_OPEN;
        }
    }
}
