package dev.personalization.gateway.client;

import dev.personalization.gateway.routing.Backend;

/** The backend refused the connection, could not be reached or broke it off. */
public class BackendUnavailableException extends RuntimeException {

    private final Backend backend;

    public BackendUnavailableException(Backend backend) {
        // no stack trace: this is an expected condition, and nothing would log it
        super(backend.serviceName() + " is unavailable", null, false, false);
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }
}
