package dev.personalization.gateway.rest;

import io.vertx.core.MultiMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context for backends when the OpenTelemetry SDK is off (the default: nothing to export
 * to). The caller's well-formed {@code traceparent} goes on unchanged, else a fresh, unsampled one is
 * started, so that the backends' logs of one request share a trace id either way. With the SDK on
 * ({@code quarkus.otel.sdk.disabled=false}), OpenTelemetry's client instrumentation writes its own
 * span's {@code traceparent} over this one.
 */
final class TraceContext {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    // version 00: trace id and parent id not all zeros (checked below), flags
    private static final Pattern VALID = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "00000000000000000000000000000000";
    private static final String ZERO_PARENT = "0000000000000000";

    private TraceContext() {
    }

    /** The caller's traceparent when it is valid, else a new one. */
    static String traceparent(MultiMap incoming) {
        String offered = incoming.get(TRACEPARENT);
        if (offered != null && VALID.matcher(offered).matches() && !offered.substring(3, 35).equals(ZERO_TRACE)
                && !offered.substring(36, 52).equals(ZERO_PARENT)) {
            return offered;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "00-" + hex(random.nextLong() | 1) + hex(random.nextLong()) + "-" + hex(random.nextLong() | 1) + "-00";
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
