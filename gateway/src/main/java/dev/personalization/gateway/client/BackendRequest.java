package dev.personalization.gateway.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** What the gateway sends on: the normalized path with the raw query, the allowed headers and the body. */
public record BackendRequest(HttpMethod method, String path, String query, MultiMap headers, Buffer body) {

    String pathAndQuery(String basePath) {
        String target = basePath.isEmpty() ? path : basePath + path;
        return query == null || query.isEmpty() ? target : target + "?" + query;
    }

    boolean idempotent() {
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }
}
