package dev.personalization.gateway.client;

import dev.personalization.gateway.routing.Backend;

/** The backend's circuit is open: the gateway does not call it for now. */
public class CircuitOpenException extends BackendUnavailableException {

    public CircuitOpenException(Backend backend) {
        super(backend);
    }
}
