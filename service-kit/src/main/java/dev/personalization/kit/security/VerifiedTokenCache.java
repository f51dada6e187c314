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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

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
 * loop is refused again from memory instead of costing a signature check per request. Only a refusal no
 * later try can change is remembered ({@link #settled}); a token issued in the future, or refused because
 * the keys could not be fetched, is checked in full every time.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    /** jose4j's verdicts that no later try can change (a token's expiry never moves back). */
    private static final Set<Integer> SETTLED = Set.of(ErrorCodes.EXPIRED, ErrorCodes.EXPIRATION_MISSING,
            ErrorCodes.ISSUED_AT_MISSING, ErrorCodes.AUDIENCE_MISSING, ErrorCodes.AUDIENCE_INVALID,
            ErrorCodes.SIGNATURE_INVALID, ErrorCodes.SIGNATURE_MISSING, ErrorCodes.ISSUER_MISSING,
            ErrorCodes.ISSUER_INVALID, ErrorCodes.SUBJECT_MISSING, ErrorCodes.SUBJECT_INVALID, ErrorCodes.JSON_INVALID,
            ErrorCodes.MALFORMED_CLAIM, ErrorCodes.ISSUED_AT_INVALID_PAST);

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
        JsonWebToken fresh;
        try {
            fresh = delegate.parse(token);
        } catch (ParseException e) {
            if (settled(e)) {
                refused.put(fingerprint, e.getMessage() == null ? "the token was refused" : e.getMessage());
            }
            throw e;
        }
        Optional<String> lifetimeRefusal = lifetimeRefusal(fresh);
        if (lifetimeRefusal.isPresent()) {
            if (!TokenLifetime.ISSUED_IN_THE_FUTURE.equals(lifetimeRefusal.get())) {
                refused.put(fingerprint, lifetimeRefusal.get());
            }
            throw new ParseException(lifetimeRefusal.get());
        }
        verified.put(token, fresh);
        return fresh;
    }

    /**
     * Whether a refusal is the token's own and final: jose4j's verdict on the token itself (expired, bad or
     * missing signature, wrong issuer or audience, malformed claims). Not a key that could not be fetched
     * (a remote key set down for a moment, a key just rotated: jose4j's "miscellaneous"), not "not yet
     * valid", nor anything else: those may pass on the next try and are checked in full again.
     */
    static boolean settled(ParseException refusal) {
        InvalidJwtException invalid = null;
        for (Throwable cause = refusal.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvableKeyException || cause instanceof IOException) {
                return false;
            }
            if (invalid == null && cause instanceof InvalidJwtException found) {
                invalid = found;
            }
        }
        return invalid != null && !invalid.getErrorDetails().isEmpty()
                && invalid.getErrorDetails().stream().allMatch(error -> SETTLED.contains(error.getErrorCode()));
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
        Optional<String> refusal = lifetimeRefusal(jwt);
        if (refusal.isPresent()) {
            throw new ParseException(refusal.get());
        }
        return jwt;
    }

    /** The suite's lifetime rules ({@link TokenLifetime}) over a token smallrye-jwt verified. */
    private Optional<String> lifetimeRefusal(JsonWebToken jwt) {
        return lifetime.refusal(jwt.getIssuedAtTime(), jwt.getExpirationTime(), Instant.now());
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
