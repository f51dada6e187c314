package dev.personalization.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A consent.decisions.v1 record's purpose and state (granted, denied, withdrawn, expired). */
public record ConsentRecord(String purpose, String state) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ConsentRecord parse(byte[] value) {
        try {
            JsonNode data = JSON.readTree(value).path("data");
            String purpose = data.path("purpose").asText(null);
            String state = data.path("state").asText(null);
            if (purpose == null || state == null) {
                throw new IllegalArgumentException("a consent event needs data.purpose and data.state");
            }
            return new ConsentRecord(purpose, state);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a consent event: " + e.getMessage());
        }
    }

    public boolean withdrawn() {
        return "withdrawn".equals(state);
    }
}
