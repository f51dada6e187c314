package dev.personalization.infra.testing;

import dev.personalization.contracts.EventSignatures;
import dev.personalization.infra.DevKeys;
import dev.personalization.infra.DevTokens;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test-only keys, generated into the module's target folder on first use, and tokens signed with
 * them. Nothing here is ever committed.
 */
public final class TestKeys {

    /**
     * The kid of the {@code events} key, which consent-service signs events with in tests and which
     * the consent views trust (their %test configuration names target/test-keys/events-public.pem).
     */
    public static final String EVENTS_KID = "test-events";
    /** A second trusted kid ({@code events-next} key), for key rotation: the consent-view tests trust both. */
    public static final String NEXT_EVENTS_KID = "test-events-next";

    private TestKeys() {
    }

    public static DevKeys keys() {
        return new DevKeys(Path.of("target", "test-keys")).ensure("jwt", "receipt", "other", "events", "events-next");
    }

    private static volatile EventSignatures.Signer eventSigner;

    /** Signs events as consent-service does in tests. */
    public static EventSignatures.Signer eventSigner() {
        EventSignatures.Signer signer = eventSigner;
        if (signer == null) {
            // read once: tests publish thousands of events
            eventSigner = signer = new EventSignatures.Signer(EVENTS_KID, keys().loadPrivate("events"));
        }
        return signer;
    }

    /** Signs events with a key the consumers do not know, under the trusted kid: a forgery. */
    public static EventSignatures.Signer untrustedEventSigner() {
        return new EventSignatures.Signer(EVENTS_KID, keys().loadPrivate("other"));
    }

    /** What a packaged consent-service needs to sign events with the test key (system properties). */
    public static Map<String, String> eventSigningConfig() {
        return Map.of("suite.keys.event-signing-private", keys().privateKey("events").toString(),
                "suite.keys.event-signing-kid", EVENTS_KID);
    }

    /** What a packaged service with a consent view needs to trust the test key (system properties). */
    public static Map<String, String> eventTrustConfig() {
        return Map.of("consent-view.trusted-keys", EVENTS_KID + "=" + keys().publicKey("events"));
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
