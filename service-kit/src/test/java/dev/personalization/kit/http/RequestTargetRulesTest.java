package dev.personalization.kit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The guard's rules as a pure function: no server needed. */
class RequestTargetRulesTest {

    private static final HttpLimitsConfig LIMITS = new HttpLimitsConfig() {
        @Override
        public MemorySize maxBodySize() {
            return new MemorySize(BigInteger.valueOf(1024));
        }

        @Override
        public int maxPathLength() {
            return 64;
        }

        @Override
        public int maxTargetLength() {
            return 96;
        }

        @Override
        public int maxSegmentLength() {
            return 8;
        }
    };

    @Test
    void decodesStrictlyAsUtf8() {
        assertEquals("café", RequestTargetGuard.decode("caf%C3%A9", false));
        assertEquals("a+b", RequestTargetGuard.decode("a+b", false));
        assertEquals("a b", RequestTargetGuard.decode("a+b", true));
        assertNull(RequestTargetGuard.decode("%C3", false));
        assertNull(RequestTargetGuard.decode("%4", false));
        assertNull(RequestTargetGuard.decode("%G0", false));
        assertNull(RequestTargetGuard.decode("%FF%FE", false));
    }

    @Test
    void acceptsOrdinaryTargets() {
        assertTrue(RequestTargetGuard.refusal("/api/x/abc", "a=1&b=two", LIMITS).isEmpty());
        assertTrue(RequestTargetGuard.refusal("/", null, LIMITS).isEmpty());
    }

    @Test
    void refusesAQueryParameterGivenTwice() {
        var twice = RequestTargetGuard.refusal("/api/x", "limit=5&q=a&limit=6", LIMITS).orElseThrow();
        assertEquals(400, twice.status());
        assertEquals("limit", twice.field());
        // the same name however it is escaped
        assertEquals(400, RequestTargetGuard.refusal("/api/x", "q=a&%71=b", LIMITS).orElseThrow().status());
        // empty pairs are not names: a stray & is no repeat
        assertTrue(RequestTargetGuard.refusal("/api/x", "q=a&&limit=2&", LIMITS).isEmpty());
        assertTrue(RequestTargetGuard.refusal("/api/x", "q=a&qq=a", LIMITS).isEmpty());
    }

    @Test
    void refusesControlCharactersEvenWhenEscapedAsPlus() {
        assertEquals(400, RequestTargetGuard.refusal("/api/%09", null, LIMITS).orElseThrow().status());
        assertEquals(400, RequestTargetGuard.refusal("/api/x", "q=a%0Ab", LIMITS).orElseThrow().status());
        assertEquals(400, RequestTargetGuard.refusal("/api/x", "%00=1", LIMITS).orElseThrow().status());
    }

    @Test
    void limitsLengths() {
        assertEquals(400, RequestTargetGuard.refusal("/api/123456789", null, LIMITS).orElseThrow().status());
        assertTrue(RequestTargetGuard.refusal("/api/12345678", null, LIMITS).isEmpty());
        assertEquals(414, RequestTargetGuard.refusal("/a".repeat(33), null, LIMITS).orElseThrow().status());
        // the whole target counts: path, "?" and query
        assertTrue(RequestTargetGuard.refusal("/a".repeat(32), "q=" + "x".repeat(29), LIMITS).isEmpty());
        assertEquals(414, RequestTargetGuard.refusal("/a".repeat(32), "q=" + "x".repeat(30), LIMITS).orElseThrow()
                .status());
    }
}
