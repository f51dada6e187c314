package dev.personalization.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBurstPassesThenTheNextWaitsForItsToken() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(SECOND / 2, bucket.take(0));
        assertEquals(SECOND / 4, bucket.take(SECOND / 4));
        assertEquals(0, bucket.take(SECOND / 2));
    }

    @Test
    void refillingStopsAtTheBurst() {
        TokenBucket bucket = new TokenBucket(1, 2, 0);
        long later = 3600 * SECOND;
        assertEquals(0, bucket.take(later));
        assertEquals(0, bucket.take(later));
        assertEquals(SECOND, bucket.take(later));
    }

    @Test
    void aClockGoingBackGivesNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        assertEquals(0, bucket.take(10 * SECOND));
        assertEquals(SECOND, bucket.take(5 * SECOND));
    }
}
