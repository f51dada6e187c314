package dev.personalization.gateway.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A backend's answer as it came: status, all its headers (which of them reach the caller is the
 * proxy's choice) and the whole body.
 */
public record BackendResponse(int status, MultiMap headers, Buffer body) {
}
