package dev.personalization.infra.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what arrives asynchronously (Kafka deliveries, cache invalidations), with a deadline. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls every 100 ms until the condition holds; fails with {@code what} after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100); // a poll interval, not a timing assumption: the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(what + " did not happen within " + timeout);
    }
}
