package dev.personalization.gateway.limits;

/**
 * One subject's allowance on one route class: up to {@code burst} requests at once, refilled at
 * {@code ratePerSecond}. Pure arithmetic over the times it is given, so that it is tested without waiting.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.capacity = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** 0 when a request may pass (and takes its token), else the nanoseconds until one token is back. */
    synchronized long take(long nowNanos) {
        if (nowNanos > refilledAt) {
            tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * ratePerNano);
            refilledAt = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }
}
