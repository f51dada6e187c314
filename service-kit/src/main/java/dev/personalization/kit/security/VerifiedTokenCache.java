package dev.personalization.kit.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token parser of every door. smallrye-jwt's own parser does every real verification (RS256
 * signature with the configured key, issuer, audience, expiry with the configured skew); on top, the
 * suite's lifetime rules ({@link TokenLifetime}) apply, and a verified token is remembered, keyed by
 * the whole token text, until its expiry (or suite.security.token-cache.max-ttl, whichever comes
 * first), so that a client sending the same token again skips the RSA check. A token differing in any
 * character is a different key and is verified in full. The cache is bounded in size.
 *
 * <p>A refused token is remembered too, by its SHA-256 (a refused token can be as long as the header limit
 * allows), for suite.security.token-cache.refused-ttl: a client retrying an expired or forged token in a
 * loop is refused again from memory instead of costing a signature check per request.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    private final DefaultJWTParser delegate;
    private final TokenLifetime lifetime;
    private final Cache<String, JsonWebToken> verified;
    private final Cache<String, String> refused;

    @Inject
    public VerifiedTokenCache(DefaultJWTParser delegate, TokenRulesConfig config,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") int skewSeconds) {
        this(delegate, config, skewSeconds, Ticker.systemTicker());
    }

    /** With the clock the refusals expire by; tests move it by hand. */
    VerifiedTokenCache(DefaultJWTParser delegate, TokenRulesConfig config, int skewSeconds, Ticker ticker) {
        if (Duration.ofSeconds(skewSeconds).compareTo(config.maxClockSkew()) > 0) {
            throw new IllegalStateException("mp.jwt.verify.clock.skew is " + skewSeconds
                    + " s, more than suite.security.max-clock-skew (" + config.maxClockSkew().toSeconds() + " s)");
        }
        this.delegate = delegate;
        this.lifetime = new TokenLifetime(config.maxTokenLifetime(), Duration.ofSeconds(skewSeconds));
        long maxTtlNanos = config.tokenCache().maxTtl().toNanos();
        this.verified = Caffeine.newBuilder()
                // upkeep on the calling thread: handing it to the common pool woke a thread per request
                .executor(Runnable::run)
                .maximumSize(config.tokenCache().maxSize())
                .expireAfter(new Expiry<String, JsonWebToken>() {
                    @Override
                    public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
                        long untilExpiry = Duration.ofSeconds(jwt.getExpirationTime())
                                .minusMillis(System.currentTimeMillis()).toNanos();
                        return Math.max(0, Math.min(untilExpiry, maxTtlNanos));
                    }

                    @Override
                    public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        this.refused = Caffeine.newBuilder()
                .executor(Runnable::run)
                .ticker(ticker)
                .maximumSize(config.tokenCache().refusedMaxSize())
                .expireAfterWrite(config.tokenCache().refusedTtl())
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken cached = verified.getIfPresent(token);
        if (cached != null && cached.getExpirationTime() * 1000 > System.currentTimeMillis()) {
            return cached;
        }
        String fingerprint = fingerprint(token);
        String refusal = refused.getIfPresent(fingerprint);
        if (refusal != null) {
            throw new ParseException(refusal);
        }
        try {
            JsonWebToken fresh = checked(delegate.parse(token));
            verified.put(token, fresh);
            return fresh;
        } catch (ParseException e) {
            refused.put(fingerprint, e.getMessage() == null ? "the token was refused" : e.getMessage());
            throw e;
        }
    }

    private static String fingerprint(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return checked(delegate.parse(token, context));
    }

    private JsonWebToken checked(JsonWebToken jwt) throws ParseException {
        var refusal = lifetime.refusal(jwt.getIssuedAtTime(), jwt.getExpirationTime(), Instant.now());
        if (refusal.isPresent()) {
            throw new ParseException(refusal.get());
        }
        return jwt;
    }

    // Not used by the doors (they only parse); refused so that nothing bypasses the rules above.

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        throw new ParseException("only configured verification is allowed");
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        throw new ParseException("only configured verification is allowed");
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        throw new ParseException("only configured verification is allowed");
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        throw new ParseException("encrypted tokens are not accepted");
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        throw new ParseException("encrypted tokens are not accepted");
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        throw new ParseException("encrypted tokens are not accepted");
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        throw new ParseException("unverified parsing is not allowed");
    }
}
