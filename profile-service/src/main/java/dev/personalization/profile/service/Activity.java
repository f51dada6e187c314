package dev.personalization.profile.service;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One event of an intake batch, read and checked for shape by the REST layer. It lives only for the
 * request: what is kept of it is decided by {@link Minimizer}. {@code query} (raw search text) is never
 * stored, logged or published.
 */
public record Activity(ActivityType type, String productId, String category, Instant occurredAt,
        Integer dwellSeconds, BigDecimal price, Integer quantity, String query) {
}
