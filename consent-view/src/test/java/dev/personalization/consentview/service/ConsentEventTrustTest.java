package dev.personalization.consentview.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.DevKeys;
import dev.personalization.infra.testing.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** consent-view.trusted-keys: kid=location entries, several at once; errors name the setting, never a key. */
class ConsentEventTrustTest {

    private final DevKeys keys = TestKeys.keys();

    @Test
    void readsSeveralKidsByPathOrFileUrl() {
        var trusted = ConsentEventTrust.trustedKeys(List.of(
                "events-1=" + keys.publicKey("events"),
                " events-2 = " + keys.publicKey("events-next").toUri(),
                ""));
        assertEquals(List.of("events-1", "events-2"), List.copyOf(trusted.keySet()));
    }

    @Test
    void refusesWhatAnOperatorCouldGetWrong() {
        assertRefused(List.of(), "no trusted key given");
        assertRefused(List.of(keys.publicKey("events").toString()), "not kid=location");
        assertRefused(List.of("events-1="), "not kid=location");
        assertRefused(List.of("a kid=" + keys.publicKey("events")), "a kid is");
        assertRefused(List.of("k=" + keys.publicKey("events"), "k=" + keys.publicKey("events-next")), "given twice");
        assertRefused(List.of("k=/nowhere/events.pem"), "/nowhere/events.pem");
        // a private key where a public one belongs: refused without echoing it
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> ConsentEventTrust.trustedKeys(List.of("k=" + keys.privateKey("events"))));
        assertTrue(wrong.getMessage().contains("consent-view.trusted-keys"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("MII"), wrong.getMessage());
    }

    private static void assertRefused(List<String> entries, String reason) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ConsentEventTrust.trustedKeys(entries));
        assertTrue(refused.getMessage().contains("SUITE_EVENT_TRUSTED_KEYS"), refused.getMessage());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
