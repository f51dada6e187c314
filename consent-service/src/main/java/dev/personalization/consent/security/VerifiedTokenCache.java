package dev.personalization.consent.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers tokens whose signature and claims were verified, keyed by the whole token text and
 * forgotten at the token's expiry (or after max-ttl, whichever comes first), so that a client sending
 * the same token again skips the RSA check. A token differing in any character is a different key and
 * is verified in full. Bounded in size; smallrye-jwt's own parser does every real verification.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    @ConfigMapping(prefix = "security.token-cache")
    public interface TokenCacheConfig {
        /** Most tokens remembered at once. */
        @WithDefault("10000")
        long maxSize();

        /** Longest a verified token is remembered, even if it expires later. */
        @WithDefault("PT10M")
        Duration maxTtl();
    }

    private final DefaultJWTParser delegate;
    private final Cache<String, JsonWebToken> verified;

    public VerifiedTokenCache(DefaultJWTParser delegate, TokenCacheConfig config) {
        this.delegate = delegate;
        long maxTtlNanos = config.maxTtl().toNanos();
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.maxSize())
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
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken cached = verified.getIfPresent(token);
        if (cached != null && cached.getExpirationTime() * 1000 > System.currentTimeMillis()) {
            return cached;
        }
        JsonWebToken fresh = delegate.parse(token);
        verified.put(token, fresh);
        return fresh;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
