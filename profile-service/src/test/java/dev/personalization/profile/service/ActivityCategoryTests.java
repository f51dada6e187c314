package dev.personalization.profile.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pure logic: which category paths intake takes, as the pattern it replaced says. */
class ActivityCategoryTests {

    private static final Pattern PATH = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} &'._-]*(/[\\p{L}\\p{N}][\\p{L}\\p{N} &'._-]*)*");

    @Test
    void pathsOfSegments() {
        assertTrue(ActivityCategory.valid("home/candles"));
        assertTrue(ActivityCategory.valid("  Küche/Töpfe & Pfannen "));
        assertTrue(ActivityCategory.valid("家居/蜡烛"));
        assertTrue(ActivityCategory.valid("toys/lego 2½"));
        assertFalse(ActivityCategory.valid("home//candles"));
        assertFalse(ActivityCategory.valid("/home"));
        assertFalse(ActivityCategory.valid("home/"));
        assertFalse(ActivityCategory.valid("home/-candles"));
        assertFalse(ActivityCategory.valid(""));
        assertFalse(ActivityCategory.valid("   "));
        assertFalse(ActivityCategory.valid("home/<b>"));
        assertFalse(ActivityCategory.valid(null));
        assertFalse(ActivityCategory.valid("a".repeat(ActivityCategory.MAX_LENGTH + 1)));
    }

    @Test
    void agreesWithThePattern() {
        Random random = new Random(11);
        String alphabet = "ab/ /&'._-<Z9½ü蜡\t\u00a0\ud83d\ude00";
        for (int n = 0; n < 100_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = value.toString();
            assertEquals(PATH.matcher(text.strip()).matches(), ActivityCategory.valid(text), text);
        }
    }
}
