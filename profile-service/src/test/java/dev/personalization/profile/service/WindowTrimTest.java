package dev.personalization.profile.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.profile.repository.ProfileDatumRepository.Held;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which new data of a recency window are left out because the caps would delete them in the same batch. */
class WindowTrimTest {

    private static final Instant DAY_1 = Instant.parse("2026-11-27T00:00:00Z");
    private static final Instant DAY_2 = DAY_1.plus(Duration.ofDays(1));
    private static final double HALF_LIFE = Duration.ofDays(7).toSeconds();
    private static final String VIEWED = DatumKind.VIEWED_PRODUCT;
    private static final List<CountCaps.Cap> CAPS = List.of(new CountCaps.Cap(VIEWED, 3, true, HALF_LIFE),
            new CountCaps.Cap(DatumKind.CATEGORY_AFFINITY, 1, false, HALF_LIFE));

    private final Map<String, DatumUpdate> updates = new LinkedHashMap<>();

    private void update(String kind, String item, double weight, Instant day) {
        updates.put(kind + ":" + item, new DatumUpdate("browsing", kind, item, "view", weight, day, day, 1,
                day.plus(Duration.ofDays(30))));
    }

    private static Held held(String item, double score, Instant day) {
        return new Held(VIEWED, item, score, day);
    }

    @Test
    void aNewProductBelowTheWindowsLastPlaceIsLeftOutAndEverythingElseIsWritten() {
        List<Held> held = List.of(held("a", 5, DAY_1), held("b", 4, DAY_1), held("c", 3, DAY_1));
        update(VIEWED, "d", 1, DAY_1); // below c: the caps would delete it at once
        update(VIEWED, "e", 3, DAY_1); // ties with c for the last place: written, the caps' own order decides
        update(VIEWED, "b", 0.5, DAY_1); // held already: an update is never left out
        update(DatumKind.CATEGORY_AFFINITY, "home", 0.01, DAY_1); // not a recency window
        assertEquals(Set.of(VIEWED + ":d"), WindowTrim.outOfWindow(updates, held, CAPS));
    }

    @Test
    void aLaterDayRanksFirstWhateverItsScore() {
        List<Held> held = List.of(held("a", 5, DAY_1), held("b", 4, DAY_1), held("c", 3, DAY_1));
        update(VIEWED, "f", 0.1, DAY_2);
        update(VIEWED, "g", 3.5, DAY_1); // below b once f takes the first place
        assertEquals(Set.of(VIEWED + ":g"), WindowTrim.outOfWindow(updates, held, CAPS));
    }

    @Test
    void aHeldProductsScoreIsDecayedToTheLaterDayBeforeRanking() {
        // c was seen a week before: its 4 counts as 2 on day 2 (plus the update), so the new 3 on day 2 beats it
        // and the new 1 on day 2 ranks below both held rows seen that day and the merged c
        List<Held> held = List.of(held("a", 5, DAY_2), held("b", 4, DAY_2), held("c", 4, DAY_2.minus(Duration.ofDays(7))));
        update(VIEWED, "c", 0.5, DAY_2);
        update(VIEWED, "g", 3, DAY_2);
        update(VIEWED, "h", 1, DAY_2);
        assertEquals(Set.of(VIEWED + ":h"), WindowTrim.outOfWindow(updates, held, CAPS));
    }

    @Test
    void nothingIsLeftOutWhileTheWindowHasRoom() {
        update(VIEWED, "a", 1, DAY_1);
        update(VIEWED, "b", 1, DAY_1);
        update(VIEWED, "c", 1, DAY_1);
        assertEquals(Set.of(), WindowTrim.outOfWindow(updates, List.of(), CAPS));
    }
}
