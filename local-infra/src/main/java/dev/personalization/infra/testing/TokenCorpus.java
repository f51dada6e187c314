package dev.personalization.infra.testing;

import dev.personalization.infra.DevTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens every door of the suite must refuse, the same corpus for the gateway and each service
 * ({@link TokenRulesContract} runs it). Each case names what is wrong with its token.
 */
public final class TokenCorpus {

    /** One refused token and the status it must get (401, or 431 when its size alone is refused). */
    public record Case(String name, String token, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TokenCorpus() {
    }

    public static List<Case> refused() {
        DevTokens trusted = TestKeys.tokens();
        Instant now = Instant.now();
        String good = TestKeys.user("corpus-shopper");
        String[] parts = good.split("\\.");
        String claims = trusted.token("corpus-shopper").claimsJson();
        return List.of(
                new Case("missing", null, 401),
                new Case("garbage", "this-is-not-a-token", 401),
                new Case("three garbage parts", "abc.def.ghi", 401),
                new Case("expired", trusted.token("corpus-shopper").issuedAt(now.minus(Duration.ofMinutes(90)))
                        .lifetime(Duration.ofMinutes(30)).sign(), 401),
                new Case("not yet valid (issued in the future)", trusted.token("corpus-shopper")
                        .issuedAt(now.plus(Duration.ofMinutes(10))).lifetime(Duration.ofMinutes(30)).sign(), 401),
                new Case("wrong issuer", trusted.token("corpus-shopper").issuer("https://evil.example").sign(), 401),
                new Case("no issuer", trusted.token("corpus-shopper").issuer(null).sign(), 401),
                new Case("wrong audience", trusted.token("corpus-shopper").audience("another-suite").sign(), 401),
                new Case("no audience", trusted.token("corpus-shopper").audience(null).sign(), 401),
                new Case("no issued-at", trusted.token("corpus-shopper").withoutIssuedAt().sign(), 401),
                new Case("lifetime over the maximum (ten years)", trusted.token("corpus-shopper")
                        .lifetime(Duration.ofDays(3650)).sign(), 401),
                new Case("lifetime just over the maximum", trusted.token("corpus-shopper")
                        .lifetime(Duration.ofMinutes(61)).sign(), 401),
                new Case("alg none", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims), 401),
                new Case("HS256 keyed with the public key", hs256WithPublicKey(claims), 401),
                new Case("a key the suite never issued", TestKeys.untrusted().token("corpus-shopper").sign(), 401),
                new Case("signature stripped", parts[0] + "." + parts[1] + ".", 401),
                new Case("signature of another token", parts[0] + "." + parts[1] + "."
                        + TestKeys.user("someone-else").split("\\.")[2], 401),
                new Case("60 KB token", trusted.token("corpus-shopper").padding(60 * 1024).sign(), 431));
    }

    private static String unsigned(String header, String claims) {
        return DevTokens.base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + DevTokens.base64Url(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The classic confusion: an HMAC whose secret is the verifier's public key, announced as HS256. */
    private static String hs256WithPublicKey(String claims) {
        try {
            byte[] publicKey = Files.readAllBytes(publicKeyPem());
            String input = DevTokens.base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + DevTokens.base64Url(claims.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(publicKey, "HmacSHA256"));
            return input + "." + DevTokens.base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path publicKeyPem() {
        return TestKeys.keys().publicKey("jwt");
    }
}
