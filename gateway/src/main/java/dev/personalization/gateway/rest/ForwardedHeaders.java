package dev.personalization.gateway.rest;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The headers that cross the gateway. Everything else stays behind, which covers the hop-by-hop
 * headers (Connection, Keep-Alive, Transfer-Encoding, Upgrade, TE, Trailer, Proxy-*) and cookies.
 */
final class ForwardedHeaders {

    static final Set<String> TO_BACKEND = Set.of(
            "Authorization", "Content-Type", "Accept", "Idempotency-Key", RequestIds.HEADER);
    static final Set<String> TO_CALLER = new LinkedHashSet<>(List.of(
            "Content-Type", "Location", "Retry-After", "WWW-Authenticate", RequestIds.HEADER));

    private ForwardedHeaders() {
    }

    /** The caller's headers a backend gets, with the request id set to {@code requestId} and a traceparent. */
    static Map<String, List<String>> toBackend(MultiMap incoming, String requestId) {
        Set<String> hopByHop = namedInConnection(incoming);
        Map<String, List<String>> selected = new LinkedHashMap<>();
        for (String name : TO_BACKEND) {
            if (!hopByHop.contains(name.toLowerCase(Locale.ROOT)) && incoming.contains(name)) {
                selected.put(name, incoming.getAll(name));
            }
        }
        selected.put(RequestIds.HEADER, List.of(requestId));
        String traceparent = TraceContext.traceparent(incoming);
        selected.put(TraceContext.TRACEPARENT, List.of(traceparent));
        // tracestate belongs to the caller's trace only
        if (traceparent.equals(incoming.get(TraceContext.TRACEPARENT)) && incoming.contains(TraceContext.TRACESTATE)) {
            selected.put(TraceContext.TRACESTATE, incoming.getAll(TraceContext.TRACESTATE));
        }
        return selected;
    }

    /** RFC 9110 7.6.1: a header named in Connection belongs to this hop only. */
    private static Set<String> namedInConnection(MultiMap incoming) {
        return incoming.getAll("Connection").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
