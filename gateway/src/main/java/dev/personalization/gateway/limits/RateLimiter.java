package dev.personalization.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.personalization.gateway.config.GatewayConfig;
import dev.personalization.gateway.rest.GatewayRefusal;
import dev.personalization.gateway.routing.RouteClass;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Token buckets per subject and route class: a shopper is counted by the token's subject, a partner
 * by its client (the subject of a partner token). Buckets live in this replica's memory only (see the
 * README: limits hold per replica); idle ones are forgotten, and their holder starts with a full burst.
 */
@ApplicationScoped
public class RateLimiter {

    private final Clock clock;
    private final Map<RouteClass, GatewayConfig.RouteClassConfig> settings = new EnumMap<>(RouteClass.class);
    private final Map<RouteClass, Cache<String, TokenBucket>> buckets = new EnumMap<>(RouteClass.class);

    public RateLimiter(GatewayConfig config, Clock clock) {
        this.clock = clock;
        for (RouteClass routeClass : RouteClass.values()) {
            settings.put(routeClass, routeClass.settings(config));
            buckets.put(routeClass, Caffeine.newBuilder()
                    .executor(Runnable::run) // upkeep on the calling thread, as VerifiedTokenCache does
                    .maximumSize(1_000_000)
                    // a bucket idle this long has refilled completely anyway
                    .expireAfterAccess(Duration.ofMinutes(10))
                    .build());
        }
    }

    /** Takes one token, or refuses with 429 and the whole seconds until the next token is back. */
    public void admit(RouteClass routeClass, String subject) {
        GatewayConfig.RouteClassConfig limit = settings.get(routeClass);
        long now = nanos();
        TokenBucket bucket = buckets.get(routeClass).get(subject,
                ignored -> new TokenBucket(limit.ratePerSecond(), limit.burst(), now));
        long waitNanos = bucket.take(now);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new GatewayRefusal(Problem.of(ProblemType.TOO_MANY_REQUESTS,
                    "Too many requests for this route class; try again after " + seconds + " s"),
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
