package dev.personalization.gateway.rest;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The headers that cross the gateway. Everything else stays behind, which covers the hop-by-hop
 * headers (Connection, Keep-Alive, Transfer-Encoding, Upgrade, TE, Trailer, Proxy-*) and cookies.
 */
final class ForwardedHeaders {

    static final List<String> TO_BACKEND = List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key");
    static final List<String> TO_CALLER = List.of(
            "Content-Type", "Location", "Retry-After", "WWW-Authenticate", RequestIds.HEADER);

    private ForwardedHeaders() {
    }

    /** The caller's headers a backend gets, with the request id set to {@code requestId} and a traceparent. */
    static MultiMap toBackend(MultiMap incoming, String requestId) {
        List<String> hopByHop = incoming.contains(HttpHeaders.CONNECTION) ? namedInConnection(incoming) : List.of();
        // not HttpHeaders.headers(), which checks every character of every value (a token is ~800) once more:
        // the server's decoder checked the caller's headers, and the client request checks them as it takes them
        MultiMap selected = MultiMap.caseInsensitiveMultiMap();
        for (String name : TO_BACKEND) {
            if (incoming.contains(name) && !hopByHop.contains(name.toLowerCase(Locale.ROOT))) {
                selected.add(name, incoming.getAll(name));
            }
        }
        selected.add(RequestIds.HEADER, requestId);
        String traceparent = TraceContext.traceparent(incoming);
        selected.add(TraceContext.TRACEPARENT, traceparent);
        // tracestate belongs to the caller's trace only
        if (traceparent.equals(incoming.get(TraceContext.TRACEPARENT)) && incoming.contains(TraceContext.TRACESTATE)) {
            selected.add(TraceContext.TRACESTATE, incoming.getAll(TraceContext.TRACESTATE));
        }
        return selected;
    }

    /** The backend's headers the caller gets back. */
    static void toCaller(MultiMap answered, MultiMap outgoing) {
        for (String name : TO_CALLER) {
            List<String> values = answered.getAll(name);
            if (!values.isEmpty()) {
                outgoing.add(name, values);
            }
        }
    }

    /** RFC 9110 7.6.1: a header named in Connection belongs to this hop only. */
    private static List<String> namedInConnection(MultiMap incoming) {
        return incoming.getAll(HttpHeaders.CONNECTION).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .toList();
    }
}
