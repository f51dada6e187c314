package dev.personalization.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractsTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void pseudonymIsStableKeyedAndHidesTheSubject() {
        SubjectPseudonym pseudonym = new SubjectPseudonym("a-secret-of-enough-length");
        String alice = pseudonym.of("alice");
        assertEquals(alice, pseudonym.of("alice"));
        assertEquals(64, alice.length());
        assertTrue(alice.matches("[0-9a-f]{64}"));
        assertNotEquals(alice, pseudonym.of("bob"));
        assertNotEquals(alice, new SubjectPseudonym("another-secret-of-length").of("alice"));
        // computed independently: echo -n message | openssl dgst -sha256 -hmac key-of-sixteen-chars
        assertEquals("bd47029d6c4122860190ca86d3827d0624a8ad27707295cccd65abd4209419ca",
                new SubjectPseudonym("key-of-sixteen-chars").of("message"));
    }

    @Test
    void shortSecretsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SubjectPseudonym("short"));
    }

    @Test
    void envelopeRoundTripsAndIgnoresUnknownFields() throws Exception {
        EventEnvelope<ConsentDecisionV1> event = new EventEnvelope<>(UUID.randomUUID(), ConsentDecisionV1.TYPE,
                "consent-service", Instant.parse("2026-01-02T03:04:05Z"), "abc", 1,
                new ConsentDecisionV1("browsing", 1, "granted", 3, Instant.parse("2026-01-02T03:04:05Z"),
                        Instant.parse("2027-01-02T03:04:05Z")));
        String text = json.writeValueAsString(event);
        assertTrue(text.contains("\"time\":\"2026-01-02T03:04:05Z\""), text);
        String withExtra = text.replaceFirst("\\{", "{\"addedLater\":true,");
        EventEnvelope<ConsentDecisionV1> back = json.readValue(withExtra,
                new TypeReference<EventEnvelope<ConsentDecisionV1>>() { });
        assertEquals(event, back);
    }
}
