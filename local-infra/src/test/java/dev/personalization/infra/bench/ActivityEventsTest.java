package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ActivityEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void aBatchIsTheIntakesRequestFormatWithTheMixOfAShop() throws Exception {
        JsonNode events = JSON.readTree(ActivityEvents.batch(100, NOW, new Random(3))).get("events");
        assertEquals(100, events.size());
        Map<String, Integer> types = new HashMap<>();
        for (JsonNode event : events) {
            String type = event.get("type").asText();
            types.merge(type, 1, Integer::sum);
            Instant occurredAt = Instant.parse(event.get("occurredAt").asText());
            assertFalse(occurredAt.isAfter(NOW), "never in the future");
            assertTrue(occurredAt.isAfter(NOW.minusSeconds(601)), "recent");
            Set<String> fields = new java.util.TreeSet<>();
            event.fieldNames().forEachRemaining(fields::add);
            switch (type) {
                case "view" -> {
                    assertEquals(Set.of("type", "productId", "category", "occurredAt", "dwellSeconds"), fields);
                    assertTrue(event.get("dwellSeconds").isInt());
                }
                case "purchase" -> {
                    assertEquals(Set.of("type", "productId", "category", "occurredAt", "price", "quantity"), fields);
                    assertTrue(event.get("price").asDouble() > 0);
                    assertTrue(event.get("quantity").asInt() >= 1);
                }
                case "search" -> {
                    assertEquals(Set.of("type", "query", "occurredAt", "category"), fields);
                    assertTrue(event.get("query").asText().matches("[a-z]+ [a-z]+"));
                }
                default -> throw new AssertionError("unknown type " + type);
            }
            if (event.has("productId")) {
                assertTrue(event.get("productId").asText().matches("\\d{5}[A-Z]?"), event.get("productId").asText());
            }
            assertTrue(event.get("category").asText().matches("[a-z]+/[a-z]+"));
        }
        assertEquals(Map.of("view", 70, "purchase", 10, "search", 20), types);
    }

    @Test
    void nothingLooksLikePaymentData() {
        // the intake answers 422 to any 13-19 digit run (a card number could hide there)
        Pattern digits = Pattern.compile("\\d{13,}");
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            assertFalse(digits.matcher(ActivityEvents.batch(100, Instant.now(), random)).find());
        }
    }

    @Test
    void mixAddsUpForAnySize() {
        assertArrayEquals(new int[] {70, 10, 20}, ActivityEvents.mix(100));
        assertArrayEquals(new int[] {1, 0, 0}, ActivityEvents.mix(1));
        assertArrayEquals(new int[] {350, 50, 100}, ActivityEvents.mix(500));
        for (int size = 1; size <= 500; size++) {
            int[] mix = ActivityEvents.mix(size);
            assertEquals(size, mix[0] + mix[1] + mix[2]);
            assertTrue(mix[1] >= 0 && mix[2] >= 0);
        }
    }

    @Test
    void meanEventSizeIsThatOfTheBatches() {
        int mean = ActivityEvents.meanEventBytes(100, NOW, new Random(1));
        int body = ActivityEvents.batch(100, NOW, new Random(2)).length();
        assertTrue(Math.abs(mean * 100 - body) < body / 10, mean + " bytes per event, batch " + body);
        assertTrue(mean > 80 && mean < 200, mean + " bytes");
    }
}
