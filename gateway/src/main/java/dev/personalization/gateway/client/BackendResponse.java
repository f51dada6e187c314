package dev.personalization.gateway.client;

import java.util.List;
import java.util.Map;

/** A backend's answer, passed to the caller unchanged apart from the headers it may see. */
public record BackendResponse(int status, Map<String, List<String>> headers, byte[] body) {
}
