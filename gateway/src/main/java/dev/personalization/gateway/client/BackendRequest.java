package dev.personalization.gateway.client;

import java.util.List;
import java.util.Map;

/** What the gateway sends on: the normalized path with the raw query, and the allowed headers. */
public record BackendRequest(String method, String path, String query, Map<String, List<String>> headers,
        byte[] body) {

    String pathAndQuery(String basePath) {
        String target = basePath + path;
        return query == null || query.isEmpty() ? target : target + "?" + query;
    }
}
