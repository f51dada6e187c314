package dev.personalization.consentview.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.personalization.consentview.service.ConsentEventParser.Parsed;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.kit.json.StrictJson;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading consent.decisions.v1 messages, with the services' strict mapper: a pure function. */
class ConsentEventParserTest {

    private final ConsentEventParser parser =
            new ConsentEventParser(StrictJson.apply(new ObjectMapper().registerModule(new JavaTimeModule())));

    private static final UUID ID = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

    private static String event(String type, String data) {
        return "{\"id\": \"" + ID + "\", \"type\": \"" + type + "\", \"source\": \"consent-service\","
                + " \"time\": \"2026-11-01T10:00:00Z\", \"subject\": \"pseudonym-1\", \"schemaVersion\": 1,"
                + " \"data\": " + data + "}";
    }

    private static String data(String state, String extra) {
        return "{\"purpose\": \"browsing\", \"purposeVersion\": 2, \"state\": \"" + state + "\", \"consentVersion\": 3,"
                + " \"decidedAt\": \"2026-11-01T10:00:00Z\", \"expiresAt\": \"2027-11-01T10:00:00Z\"" + extra + "}";
    }

    private void assertMalformed(String payload, String reason) {
        Parsed parsed = parser.parse(payload);
        assertNull(parsed.decision(), payload);
        assertFalse(parsed.otherType(), payload);
        assertEquals(reason, parsed.malformed(), payload);
    }

    @Test
    void readsADecision() {
        Parsed parsed = parser.parse(event(ConsentDecisionV1.TYPE, data("granted", "")));
        assertNull(parsed.malformed());
        assertFalse(parsed.otherType());
        assertEquals(ID, parsed.decision().id());
        assertEquals("pseudonym-1", parsed.decision().subject());
        ConsentDecisionV1 decision = parsed.decision().data();
        assertEquals(new ConsentDecisionV1("browsing", 2, "granted", 3, Instant.parse("2026-11-01T10:00:00Z"),
                Instant.parse("2027-11-01T10:00:00Z")), decision);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        Parsed parsed = parser.parse(event(ConsentDecisionV1.TYPE, data("denied", ", \"channel\": \"web\""))
                .replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1, \"traceparent\": \"00-ab\", \"extra\": [1, 2],"));
        assertNull(parsed.malformed());
        assertNotNull(parsed.decision());
        assertEquals("denied", parsed.decision().data().state());
    }

    @Test
    void leavesOtherTypesAlone() {
        Parsed parsed = parser.parse("{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"consent.something-new.v1\","
                + " \"subject\": \"pseudonym-1\", \"data\": {}}");
        assertTrue(parsed.otherType());
        assertNull(parsed.decision());
        assertNull(parsed.malformed());
    }

    @Test
    void refusesWhatIsNotAnEventObject() {
        assertMalformed(null, "empty message");
        assertMalformed("  ", "empty message");
        assertMalformed("not json at all", "not JSON");
        assertMalformed("[1, 2, 3]", "not a JSON object");
        assertMalformed("\"text\"", "not a JSON object");
        assertMalformed("{\"id\": \"" + ID + "\"}", "no type");
        assertMalformed("{\"type\": 7}", "no type");
    }

    @Test
    void refusesAmbiguousJson() {
        // a key given twice or content after the object: which value was meant cannot be known
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", ", \"state\": \"denied\"")), "not JSON");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "")) + " {}", "not JSON");
    }

    @Test
    void refusesFieldsOfTheWrongTypeOrFormat() {
        assertMalformed("{\"id\": \"not-a-uuid\", \"type\": \"consent.decision.v1\"}",
                "a field has the wrong type or format");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("\"consentVersion\": 3",
                "\"consentVersion\": \"3\"")), "a field has the wrong type or format");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("2026-11-01T10:00:00Z\", \"exp",
                "yesterday\", \"exp")), "a field has the wrong type or format");
    }

    @Test
    void refusesInvalidFieldsNamingThemNeverTheirValues() {
        assertMalformed(event(ConsentDecisionV1.TYPE, data("maybe", "")), "invalid data.state");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "")).replace("\"id\": \"" + ID + "\", ", ""),
                "invalid id");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "")).replace("pseudonym-1", "p".repeat(129)),
                "invalid subject");
        assertMalformed(event(ConsentDecisionV1.TYPE, "null"), "invalid data");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("browsing", "")),
                "invalid data.purpose");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("browsing", "x".repeat(33))),
                "invalid data.purpose");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("\"consentVersion\": 3", "\"consentVersion\": 0")),
                "invalid data.consentVersion");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("\"purposeVersion\": 2", "\"purposeVersion\": 0")),
                "invalid data.purposeVersion");
        // a number left out is not read as 0
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("\"purposeVersion\": 2, ", "")),
                "a field has the wrong type or format");
        assertMalformed(event(ConsentDecisionV1.TYPE, data("granted", "").replace("\"decidedAt\": \"2026-11-01T10:00:00Z\", ", "")),
                "invalid data.decidedAt");
        // the reason is logged: it never carries what was sent
        assertFalse(parser.parse(event(ConsentDecisionV1.TYPE, data("secret-state-42", ""))).malformed()
                .contains("secret-state-42"));
    }
}
