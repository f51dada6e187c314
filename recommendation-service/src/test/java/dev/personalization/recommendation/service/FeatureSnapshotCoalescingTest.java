package dev.personalization.recommendation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.recommendation.service.FeatureTopicReader.Polled;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which snapshots of one poll the feature reader applies: only what a later one would not overwrite. */
class FeatureSnapshotCoalescingTest {

    private long offset;

    @Test
    void aSubjectsOlderSnapshotsInOnePollGiveWayToItsNewest() {
        Polled a1 = snapshot("a", 1);
        Polled b1 = snapshot("b", 1);
        Polled a2 = snapshot("a", 2);
        Polled a3 = snapshot("a", 3);
        assertEquals(List.of(b1, a3), FeatureTopicReader.superseding(List.of(a1, b1, a2, a3)));
    }

    @Test
    void aLaterSnapshotWithALowerVersionDoesNotHideANewerOne() {
        Polled newer = snapshot("a", 5);
        Polled older = snapshot("a", 4);
        // the intake judges the older one stale; both go to it, in order
        assertEquals(List.of(newer, older), FeatureTopicReader.superseding(List.of(newer, older)));
    }

    @Test
    void aTombstoneKeepsWhatCameBeforeItAndWhatFollowsIt() {
        Polled before = snapshot("a", 7);
        Polled erased = tombstone("a");
        Polled again = snapshot("a", 1);
        Polled last = snapshot("a", 2);
        assertEquals(List.of(before, erased, last),
                FeatureTopicReader.superseding(List.of(before, erased, again, last)));
    }

    @Test
    void unreadableRecordsStayForTheReaderToReportAndHideNothing() {
        Polled unreadable = new Polled("a", false, null, 0, offset++);
        Polled snapshot = snapshot("a", 1);
        Polled foreign = new Polled("b", false, envelope("c", 9), 0, offset++);
        Polled b = snapshot("b", 1);
        assertEquals(List.of(unreadable, snapshot, foreign, b),
                FeatureTopicReader.superseding(List.of(unreadable, snapshot, foreign, b)));
    }

    private Polled snapshot(String key, long version) {
        return new Polled(key, false, envelope(key, version), 0, offset++);
    }

    private Polled tombstone(String key) {
        return new Polled(key, true, null, 0, offset++);
    }

    private static EventEnvelope<ProfileFeaturesV1> envelope(String subject, long version) {
        return new EventEnvelope<>(UUID.randomUUID(), ProfileFeaturesV1.TYPE, "profile-service", Instant.EPOCH, subject, 1,
                new ProfileFeaturesV1(version, Instant.EPOCH, List.of()));
    }
}
