package dev.personalization.kit.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.TestKeys;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache over smallrye-jwt's real parser and the suite's test key: which tokens reach
 * the signature check again, counted at the parser it wraps.
 */
class VerifiedTokenCacheTest {

    private static final Duration REFUSED_TTL = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private CountingParser parser;
    private VerifiedTokenCache cache;

    @BeforeEach
    void setUp() throws IOException {
        JWTAuthContextInfo context = context();
        context.setPublicKeyContent(Files.readString(TestKeys.keys().publicKey("jwt")));
        parser = new CountingParser(context);
        cache = new VerifiedTokenCache(parser, rules(), 30, nanos::get);
    }

    @Test
    void aValidTokenIsCheckedOnceThenServedFromMemory() throws ParseException {
        String token = TestKeys.user("alice");

        assertEquals("alice", cache.parse(token).getName());
        assertEquals("alice", cache.parse(token).getName());

        assertEquals(1, parser.calls.get());
    }

    @Test
    void anExpiredTokenRetriedIsRefusedFromMemoryUntilTheRefusalLapses() {
        String expired = TestKeys.tokens().token("alice").issuedAt(Instant.now().minus(Duration.ofHours(2)))
                .lifetime(Duration.ofMinutes(30)).sign();

        assertThrows(ParseException.class, () -> cache.parse(expired));
        for (int i = 0; i < 5; i++) {
            assertThrows(ParseException.class, () -> cache.parse(expired));
        }
        assertEquals(1, parser.calls.get(), "retries of a refused token skip the signature check");

        nanos.addAndGet(REFUSED_TTL.plusSeconds(1).toNanos());
        assertThrows(ParseException.class, () -> cache.parse(expired));
        assertEquals(2, parser.calls.get(), "once the refusal lapsed, the token is checked in full again");
    }

    @Test
    void aForgedTokenIsRefusedAndTheGenuineOneStillPasses() throws ParseException {
        String genuine = TestKeys.user("alice");
        int last = genuine.length() - 5;
        String forged = genuine.substring(0, last) + (genuine.charAt(last) == 'A' ? 'B' : 'A')
                + genuine.substring(last + 1);

        assertThrows(ParseException.class, () -> cache.parse(forged));
        assertThrows(ParseException.class, () -> cache.parse(forged));
        assertEquals("alice", cache.parse(genuine).getName());

        assertEquals(2, parser.calls.get(), "the forged token once, the genuine one once");
    }

    @Test
    void aTokenRefusedByTheSuitesLifetimeRuleIsRememberedAsRefused() {
        // signed correctly and not expired, but issued for longer than the suite allows
        String tooLong = TestKeys.tokens().token("alice").lifetime(Duration.ofHours(5)).sign();

        assertThrows(ParseException.class, () -> cache.parse(tooLong));
        assertThrows(ParseException.class, () -> cache.parse(tooLong));

        assertEquals(1, parser.calls.get());
    }

    @Test
    void aTokenIssuedInTheFutureIsCheckedAgainOnEachTry() {
        // it may pass once its time has come: never remembered as refused
        String early = TestKeys.tokens().token("alice").issuedAt(Instant.now().plus(Duration.ofMinutes(10)))
                .lifetime(Duration.ofMinutes(30)).sign();

        assertThrows(ParseException.class, () -> cache.parse(early));
        assertThrows(ParseException.class, () -> cache.parse(early));

        assertEquals(2, parser.calls.get());
    }

    @Test
    void aRefusalBecauseTheKeysCouldNotBeFetchedIsNotRemembered() {
        // a remote key set that does not answer (nothing listens on port 1): the token is not at fault
        JWTAuthContextInfo context = context();
        context.setPublicKeyLocation("http://127.0.0.1:1/certs");
        CountingParser unreachable = new CountingParser(context);
        VerifiedTokenCache withoutKeys = new VerifiedTokenCache(unreachable, rules(), 30, nanos::get);
        String token = TestKeys.user("alice");

        ParseException first = assertThrows(ParseException.class, () -> withoutKeys.parse(token));
        assertThrows(ParseException.class, () -> withoutKeys.parse(token));

        assertEquals(2, unreachable.calls.get(), "checked in full again: " + first.getMessage());
        assertFalse(VerifiedTokenCache.settled(first));
    }

    /** The suite's issuer and audience; the key is each test's own. */
    private static JWTAuthContextInfo context() {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setIssuedBy(DevTokens.ISSUER);
        context.setExpectedAudience(Set.of(DevTokens.AUDIENCE));
        return context;
    }

    private static TokenRulesConfig rules() {
        return new TokenRulesConfig() {
            @Override
            public String issuer() {
                return DevTokens.ISSUER;
            }

            @Override
            public String audience() {
                return DevTokens.AUDIENCE;
            }

            @Override
            public Duration maxTokenLifetime() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration maxClockSkew() {
                return Duration.ofSeconds(30);
            }

            @Override
            public TokenCache tokenCache() {
                return new TokenCache() {
                    @Override
                    public long maxSize() {
                        return 100;
                    }

                    @Override
                    public Duration maxTtl() {
                        return Duration.ofMinutes(10);
                    }

                    @Override
                    public long refusedMaxSize() {
                        return 100;
                    }

                    @Override
                    public Duration refusedTtl() {
                        return REFUSED_TTL;
                    }
                };
            }
        };
    }

    /** smallrye-jwt's parser, counting the tokens it is asked to verify. */
    private static final class CountingParser extends DefaultJWTParser {
        private final AtomicInteger calls = new AtomicInteger();

        CountingParser(JWTAuthContextInfo context) {
            super(context);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls.incrementAndGet();
            return super.parse(token);
        }
    }
}
