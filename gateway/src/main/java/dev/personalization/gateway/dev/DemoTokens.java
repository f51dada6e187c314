package dev.personalization.gateway.dev;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs short-lived user tokens for demo shoppers with the suite's token key, carrying the issuer and
 * audience every door checks. Loaded at start, so that a demo turned on without its key stops the
 * gateway instead of failing on the first sign-in.
 */
@Startup
@ApplicationScoped
public class DemoTokens {

    private final DemoConfig config;
    private final String issuer;
    private final String audience;
    private final PrivateKey key;

    public DemoTokens(DemoConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") String audience) {
        this.config = config;
        this.issuer = issuer;
        this.audience = audience;
        this.key = config.enabled() ? load(config) : null;
        if (config.enabled()) {
            config.shoppers().stream().filter(shopper -> !DemoTokens.isDemoSubject(shopper)).findFirst()
                    .ifPresent(shopper -> {
                        throw new IllegalStateException("gateway.demo.shoppers may only name subjects starting with "
                                + DemoConfig.SUBJECT_PREFIX);
                    });
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** A demo subject: the prefix, then 1 to 48 lowercase letters, digits or hyphens. */
    public static boolean isDemoSubject(String subject) {
        return subject != null && subject.matches(DemoConfig.SUBJECT_PREFIX + "[a-z0-9-]{1,48}");
    }

    public SignedToken sign(String subject, Instant now) {
        Instant expiresAt = now.plus(config.tokenLifetime());
        String token = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .groups(Set.of("user"))
                .issuedAt(now)
                .expiresAt(expiresAt)
                .jws().keyId("jwt")
                .sign(key);
        return new SignedToken(token, expiresAt);
    }

    public record SignedToken(String token, Instant expiresAt) {
    }

    private static PrivateKey load(DemoConfig config) {
        var path = config.signingKey().orElseThrow(() -> new IllegalStateException(
                "gateway.demo.enabled is true but gateway.demo.signing-key (GATEWAY_DEMO_SIGNING_KEY) is not set"));
        try {
            String pem = Files.readString(path, StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("gateway.demo.signing-key cannot be read", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("gateway.demo.signing-key is not a PKCS#8 RSA private key", e);
        }
    }
}
