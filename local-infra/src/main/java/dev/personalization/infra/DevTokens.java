package dev.personalization.infra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints RS256 access tokens with the dev key, for {@code ./suite token} and for tests. The claims are
 * the ones the services check: issuer, audience, subject, groups (roles), scope, expiry.
 */
public final class DevTokens {

    public static final String ISSUER = "https://issuer.personalization.local";
    public static final String AUDIENCE = "personalization-suite";

    private final PrivateKey key;

    public DevTokens(PrivateKey key) {
        this.key = key;
    }

    public static DevTokens fromKeys(DevKeys keys) {
        return new DevTokens(keys.ensure("jwt").loadPrivate("jwt"));
    }

    public Builder token(String subject) {
        return new Builder(subject);
    }

    public final class Builder {
        private final String subject;
        private List<String> groups = List.of("user");
        private List<String> scopes = List.of();
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofHours(1);

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder groups(String... groups) {
            this.groups = List.of(groups);
            return this;
        }

        public Builder scopes(String... scopes) {
            this.scopes = List.of(scopes);
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** Issued at this instant; with a short lifetime, in the past, it yields an expired token. */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        public String sign() {
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"jwt\"}";
            StringBuilder claims = new StringBuilder("{");
            claims.append("\"iss\":").append(quote(issuer));
            claims.append(",\"aud\":").append(quote(audience));
            claims.append(",\"sub\":").append(quote(subject));
            claims.append(",\"upn\":").append(quote(subject));
            claims.append(",\"groups\":[")
                    .append(groups.stream().map(DevTokens::quote).collect(Collectors.joining(",")))
                    .append(']');
            if (!scopes.isEmpty()) {
                claims.append(",\"scope\":").append(quote(String.join(" ", scopes)));
            }
            claims.append(",\"iat\":").append(issuedAt.getEpochSecond());
            claims.append(",\"exp\":").append(issuedAt.plus(lifetime).getEpochSecond());
            claims.append(",\"jti\":").append(quote(UUID.randomUUID().toString()));
            claims.append('}');
            String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(key);
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + base64Url(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
