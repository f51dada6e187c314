package dev.personalization.gateway.rest;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The X-Request-Id that ties a caller's request to the backends' logs: the caller's own when it is a
 * plain token, otherwise a fresh UUID, the same one for the whole exchange.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = RequestIds.class.getName();
    // anything else could smuggle text into backends' logs
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String of(RoutingContext context) {
        String known = context.get(KEY);
        if (known != null) {
            return known;
        }
        String offered = context.request().getHeader(HEADER);
        String id = offered != null && PLAIN.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        context.put(KEY, id);
        return id;
    }
}
