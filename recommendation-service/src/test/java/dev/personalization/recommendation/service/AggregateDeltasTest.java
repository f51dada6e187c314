package dev.personalization.recommendation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.recommendation.repository.AggregateRepository.PairDelta;
import dev.personalization.recommendation.repository.AggregateRepository.PopularityDelta;
import dev.personalization.recommendation.service.Aggregates.Change;
import dev.personalization.recommendation.service.Aggregates.Contribution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several changes applied in one go: the rows' deltas summed, each key once, the cancelled ones left out. */
class AggregateDeltasTest {

    private static final Contribution NONE = new Contribution(Map.of(), Set.of());

    @Test
    void oneSubjectsSuccessiveChangesSumToTheirWholeChange() {
        // what one revocation event does to a subject who withdraws two purposes in one poll
        Contribution held = new Contribution(Map.of("p1", 2000L, "p2", 1000L, "p3", 500L), Set.of("p1 p2"));
        Contribution withoutViews = new Contribution(Map.of("p1", 1500L, "p2", 1000L), Set.of("p1 p2"));
        Aggregates.Deltas together = Aggregates.deltas(List.of(new Change(held, withoutViews), new Change(withoutViews, NONE)));
        assertEquals(Aggregates.deltas(List.of(new Change(held, NONE))), together);
        assertEquals(List.of(new PopularityDelta("p1", -1, -2000), new PopularityDelta("p2", -1, -1000),
                new PopularityDelta("p3", -1, -500)), together.popularity());
        assertEquals(List.of(new PairDelta("p1", "p2", -1)), together.pairs());
    }

    @Test
    void twoSubjectsDeltasOnOneRowAreSummedAndCancelledRowsLeftOut() {
        Contribution a = new Contribution(Map.of("p1", 1000L, "p9", 300L), Set.of("p1 p9"));
        Contribution b = new Contribution(Map.of("p1", 1000L), Set.of());
        Contribution c = new Contribution(Map.of("p9", 300L), Set.of("p1 p9"));
        Aggregates.Deltas deltas = Aggregates.deltas(List.of(new Change(a, NONE), new Change(NONE, b), new Change(NONE, c)));
        // p1: -1 subject -1000 units, then +1 and +1000: nothing left to write; p9 and the pair likewise
        assertEquals(List.of(), deltas.popularity());
        assertEquals(List.of(), deltas.pairs());

        Aggregates.Deltas both = Aggregates.deltas(List.of(new Change(NONE, a), new Change(NONE, b)));
        assertEquals(List.of(new PopularityDelta("p1", 2, 2000), new PopularityDelta("p9", 1, 300)), both.popularity());
        assertEquals(List.of(new PairDelta("p1", "p9", 1)), both.pairs());
    }

    @Test
    void aChangedAmountIsAUnitsDeltaWithoutASubjectsDelta() {
        Aggregates.Deltas deltas = Aggregates.deltas(List.of(new Change(
                new Contribution(Map.of("p1", 1000L), Set.of()), new Contribution(Map.of("p1", 1700L), Set.of()))));
        assertEquals(List.of(new PopularityDelta("p1", 0, 700)), deltas.popularity());
    }
}
