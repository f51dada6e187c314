package dev.personalization.gateway.client;

import dev.personalization.gateway.routing.Backend;

/** The backend took longer than {@code gateway.backend-timeout} to answer. */
public class BackendTimeoutException extends RuntimeException {

    private final Backend backend;

    public BackendTimeoutException(Backend backend) {
        super(backend.serviceName() + " did not answer in time", null, false, false);
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }
}
