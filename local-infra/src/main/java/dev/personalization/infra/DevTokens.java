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
 * the ones the services check: issuer, audience, subject, groups (roles), scope, issued-at, expiry.
 * A null issuer or audience leaves that claim out.
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
        private boolean withIssuedAt = true;
        private boolean scopesAsArray;
        private String padding;

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

        /** Leaves out the {@code iat} claim (the expiry still counts from issuedAt). */
        public Builder withoutIssuedAt() {
            this.withIssuedAt = false;
            return this;
        }

        /** Writes {@code scope} as a JSON array of strings instead of one space-separated string. */
        public Builder scopesAsArray() {
            this.scopesAsArray = true;
            return this;
        }

        /** Adds a claim {@code pad} of this many characters, for tokens of a given size. */
        public Builder padding(int characters) {
            this.padding = "x".repeat(characters);
            return this;
        }

        /** The claims as JSON, for tokens signed some other way (forgeries in tests). */
        public String claimsJson() {
            StringBuilder claims = new StringBuilder("{");
            claims.append("\"sub\":").append(quote(subject));
            if (issuer != null) {
                claims.append(",\"iss\":").append(quote(issuer));
            }
            if (audience != null) {
                claims.append(",\"aud\":").append(quote(audience));
            }
            claims.append(",\"upn\":").append(quote(subject));
            claims.append(",\"groups\":").append(array(groups));
            if (!scopes.isEmpty()) {
                claims.append(",\"scope\":").append(scopesAsArray ? array(scopes) : quote(String.join(" ", scopes)));
            }
            if (withIssuedAt) {
                claims.append(",\"iat\":").append(issuedAt.getEpochSecond());
            }
            claims.append(",\"exp\":").append(issuedAt.plus(lifetime).getEpochSecond());
            claims.append(",\"jti\":").append(quote(UUID.randomUUID().toString()));
            if (padding != null) {
                claims.append(",\"pad\":").append(quote(padding));
            }
            return claims.append('}').toString();
        }

        public String sign() {
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"jwt\"}";
            String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64Url(claimsJson().getBytes(StandardCharsets.UTF_8));
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

    private static String array(List<String> values) {
        return values.stream().map(DevTokens::quote).collect(Collectors.joining(",", "[", "]"));
    }

    public static String base64Url(byte[] bytes) {
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
