package dev.personalization.kit.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The limits every door applies before a request reaches a resource. */
@ConfigMapping(prefix = "suite.http")
public interface HttpLimitsConfig {

    /**
     * Largest request body accepted; larger ones get 413 problem+json, whether the length is declared
     * or the body comes chunked (quarkus.http.limits.max-body-size follows this value).
     */
    @WithDefault("16K")
    MemorySize maxBodySize();

    /** Longest request path (percent-encoded, as sent); longer ones get 414 problem+json. */
    @WithDefault("2048")
    int maxPathLength();

    /**
     * Longest request target (path and query, percent-encoded, as sent); longer ones get 414
     * problem+json. Vert.x' own limit on the request line (quarkus.http.limits.max-initial-line-length)
     * is set far above it, so that its bare 414 answers only lines no client sends.
     */
    @WithDefault("8192")
    int maxTargetLength();

    /** Longest single path segment, decoded: no id of the suite comes near it. Longer ones get 400. */
    @WithDefault("256")
    int maxSegmentLength();
}
