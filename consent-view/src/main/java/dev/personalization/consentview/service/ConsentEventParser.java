package dev.personalization.consentview.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.kit.json.StrictJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a message of {@code consent.decisions.v1}. Fields the contract may add later are ignored (the
 * suite's strict reading of request bodies does not apply to events); everything else is checked.
 * Reasons for refusing a message name the field at fault, never its value, so that they can be logged.
 */
@ApplicationScoped
public class ConsentEventParser {

    private static final Set<String> STATES = Set.of(ConsentDecisionV1.GRANTED, ConsentDecisionV1.DENIED,
            ConsentDecisionV1.WITHDRAWN, ConsentDecisionV1.EXPIRED);
    private static final int MAX_PSEUDONYM = 128;
    private static final int MAX_PURPOSE = 32;

    /**
     * The outcome of reading one message: a decision to apply, an event of another type to leave
     * alone, or the reason a message is malformed.
     */
    public record Parsed(EventEnvelope<ConsentDecisionV1> decision, boolean otherType, String malformed) {

        static Parsed decision(EventEnvelope<ConsentDecisionV1> envelope) {
            return new Parsed(envelope, false, null);
        }

        static Parsed ofOtherType() {
            return new Parsed(null, true, null);
        }

        static Parsed malformed(String reason) {
            return new Parsed(null, false, reason);
        }
    }

    private final ObjectReader json;
    private final JavaType decisionType;

    public ConsentEventParser(ObjectMapper mapper) {
        this.json = StrictJson.tolerant(mapper);
        this.decisionType = mapper.getTypeFactory()
                .constructParametricType(EventEnvelope.class, ConsentDecisionV1.class);
    }

    public Parsed parse(String payload) {
        if (payload == null || payload.isBlank()) {
            return Parsed.malformed("empty message");
        }
        JsonNode tree;
        try {
            tree = json.readTree(payload);
        } catch (JsonProcessingException e) {
            return Parsed.malformed("not JSON");
        }
        if (tree == null || !tree.isObject()) {
            return Parsed.malformed("not a JSON object");
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            return Parsed.malformed("no type");
        }
        if (!ConsentDecisionV1.TYPE.equals(type.asText())) {
            // a type added later: consumers that do not know it leave it alone
            return Parsed.ofOtherType();
        }
        EventEnvelope<ConsentDecisionV1> envelope;
        try {
            envelope = json.forType(decisionType).readValue(tree);
        } catch (IOException | IllegalArgumentException e) {
            return Parsed.malformed("a field has the wrong type or format");
        }
        String invalid = invalidField(envelope);
        return invalid == null ? Parsed.decision(envelope) : Parsed.malformed("invalid " + invalid);
    }

    private static String invalidField(EventEnvelope<ConsentDecisionV1> envelope) {
        UUID id = envelope.id();
        if (id == null) {
            return "id";
        }
        if (blankOrLonger(envelope.subject(), MAX_PSEUDONYM)) {
            return "subject";
        }
        ConsentDecisionV1 data = envelope.data();
        if (data == null) {
            return "data";
        }
        if (blankOrLonger(data.purpose(), MAX_PURPOSE)) {
            return "data.purpose";
        }
        if (!STATES.contains(data.state())) {
            return "data.state";
        }
        if (data.consentVersion() < 1) {
            return "data.consentVersion";
        }
        if (data.purposeVersion() < 1) {
            return "data.purposeVersion";
        }
        if (data.decidedAt() == null) {
            return "data.decidedAt";
        }
        return null;
    }

    private static boolean blankOrLonger(String value, int max) {
        return value == null || value.isBlank() || value.length() > max;
    }
}
