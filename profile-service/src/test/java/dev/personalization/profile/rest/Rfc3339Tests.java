package dev.personalization.profile.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pure logic: event times read exactly as OffsetDateTime.parse reads them. */
class Rfc3339Tests {

    @Test
    void theUsualShapesAreReadDirectly() {
        for (String text : List.of("2026-11-28T10:00:00Z", "2026-11-28T10:00:00.5Z", "2026-11-28T10:00:00.123456789Z",
                "2026-11-28T10:00:00+01:00", "2026-11-28T10:00:00.25-05:30", "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z",
                "2026-11-28T10:00:00-00:00", "2026-11-28T10:00:00+18:00")) {
            assertNotNull(Rfc3339.quick(text), text);
            assertEquals(OffsetDateTime.parse(text).toInstant(), Rfc3339.parse(text), text);
        }
    }

    @Test
    void everythingElseIsTheFormattersCall() {
        // accepted by the formatter in shapes the quick path leaves to it
        for (String text : List.of("2026-11-28T10:00Z", "2026-11-28t10:00:00z", "2026-11-28T10:00:00+01", "+12026-11-28T10:00:00Z",
                "2026-11-28T10:00:00.Z")) {
            assertEquals(OffsetDateTime.parse(text).toInstant(), Rfc3339.parse(text), text);
        }
        for (String text : List.of("2026-02-30T10:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T10:00:60Z", "2026-13-01T10:00:00Z",
                "2026-11-28T10:00:00+19:00", "2026-11-28T10:00:00.1234567891Z", "2026-11-28T10:00:00", "2026-11-28 10:00:00Z",
                "2026-1l-28T10:00:00Z", "tomorrow")) {
            assertThrows(DateTimeParseException.class, () -> OffsetDateTime.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> Rfc3339.parse(text), text);
        }
    }

    @Test
    void agreesWithTheFormatterOnMutatedTimes() {
        Random random = new Random(3339);
        String base = "2026-11-28T10:20:30.123+01:00";
        String alphabet = "0123456789-:.TZ+z ";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder(base);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String value = text.toString();
            Instant expected;
            try {
                expected = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            Instant actual;
            try {
                actual = Rfc3339.parse(value);
            } catch (DateTimeParseException e) {
                actual = null;
            }
            assertEquals(expected, actual, value);
        }
    }
}
