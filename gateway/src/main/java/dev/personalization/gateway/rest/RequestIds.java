package dev.personalization.gateway.rest;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
        String id = offered != null && PLAIN.matcher(offered).matches() ? offered : fresh();
        context.put(KEY, id);
        return id;
    }

    /**
     * A random (version 4) UUID from the thread's generator: a request id correlates log lines and is
     * no secret, and UUID.randomUUID() would take SecureRandom's lock on every request.
     */
    private static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xCL << 60)) | (0x8L << 60);
        return new UUID(high, low).toString();
    }
}
