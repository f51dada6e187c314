package dev.personalization.infra.testing;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import java.nio.file.Path;

/**
 * Test-only keys, generated into the module's target folder on first use, and tokens signed with
 * them. Nothing here is ever committed.
 */
public final class TestKeys {

    private TestKeys() {
    }

    public static DevKeys keys() {
        return new DevKeys(Path.of("target", "test-keys")).ensure("jwt", "receipt", "other");
    }

    /** A token for a shopper: role {@code user}, valid for an hour. */
    public static String user(String subject) {
        return tokens().token(subject).groups("user").sign();
    }

    public static String partner(String subject, String... scopes) {
        return tokens().token(subject).groups("partner").scopes(scopes).sign();
    }

    public static String admin(String subject) {
        return tokens().token(subject).groups("admin").sign();
    }

    public static DevTokens tokens() {
        return DevTokens.fromKeys(keys());
    }

    /** Tokens signed by a key the services do not trust. */
    public static DevTokens untrusted() {
        return new DevTokens(keys().loadPrivate("other"));
    }
}
