package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch is matched with its snapshot, and a purge with its withdrawal. */
class BenchSubjectTest {

    private static final IntakeAnswer ACCEPTED = new IntakeAnswer(70, 10, 20, 0, 0);
    private static final IntakeAnswer NOTHING_KEPT = new IntakeAnswer(0, 0, 0, 100, 0);

    private static BenchSubject counting(long version) {
        BenchSubject subject = new BenchSubject("bench-profile-1", "p1", "t");
        subject.snapshot(new FeaturesSnapshot(version, false), 10, 1);
        subject.startCounting();
        return subject;
    }

    @Test
    void aBatchIsDoneWithItsAnswerAndTheFirstSnapshotOfItsVersion() {
        BenchSubject subject = counting(5);
        subject.send(100);
        // a replay of what was read before sending does not count
        assertEquals(List.of(), subject.snapshot(new FeaturesSnapshot(5, false), 110, 2));
        assertNull(subject.answered(150, ACCEPTED));
        assertTrue(subject.inFlight(), "answered, its snapshot not read yet");
        List<BenchSubject.Completed> done = subject.snapshot(new FeaturesSnapshot(6, false), 180, 3);
        assertEquals(1, done.size());
        assertEquals(100, done.get(0).sentNanos());
        assertEquals(150, done.get(0).answeredNanos());
        assertEquals(180, done.get(0).doneNanos());
        assertFalse(subject.inFlight());
        assertEquals(6, subject.lastVersion());
        assertFalse(subject.countedAhead());
    }

    @Test
    void aSnapshotMayArriveBeforeTheAnswer() {
        BenchSubject subject = counting(0);
        subject.send(100);
        assertEquals(List.of(), subject.snapshot(new FeaturesSnapshot(1, false), 120, 1));
        BenchSubject.Completed done = subject.answered(150, ACCEPTED);
        assertEquals(150, done.doneNanos(), "done when both the 202 and the snapshot are there");
        assertEquals(List.of(), subject.snapshot(new FeaturesSnapshot(1, false), 200, 2), "nothing waits any more");
    }

    @Test
    void oneCoalescedSnapshotCompletesEveryBatchItCovers() {
        BenchSubject subject = counting(3);
        subject.send(100);
        assertNull(subject.answered(110, ACCEPTED)); // version 4
        subject.send(120);
        assertNull(subject.answered(130, NOTHING_KEPT), "nothing kept: no version, nothing to wait for");
        subject.send(140);
        assertNull(subject.answered(150, ACCEPTED)); // version 5
        subject.send(160);
        assertNull(subject.answered(170, ACCEPTED)); // version 6
        List<BenchSubject.Completed> done = subject.snapshot(new FeaturesSnapshot(5, false), 200, 1);
        assertEquals(List.of(100L, 140L), done.stream().map(BenchSubject.Completed::sentNanos).toList());
        assertEquals(List.of(200L, 200L), done.stream().map(BenchSubject.Completed::doneNanos).toList());
        assertTrue(subject.inFlight(), "version 6 still waits");
        assertEquals(1, subject.snapshot(new FeaturesSnapshot(6, false), 210, 2).size());
        assertFalse(subject.inFlight());
    }

    @Test
    void aVersionBeyondTheCountIsSaid() {
        BenchSubject subject = counting(3);
        subject.send(100);
        subject.answered(110, ACCEPTED);
        subject.snapshot(new FeaturesSnapshot(5, false), 200, 1);
        assertTrue(subject.countedAhead(), "a change the harness did not make: the version count is off");
    }

    @Test
    void overdueBatchesAreDroppedAndAFailedOneRetiresTheSubject() {
        BenchSubject subject = counting(0);
        subject.send(100);
        subject.answered(150, ACCEPTED);
        assertEquals(0, subject.dropOverdue(150));
        assertEquals(1, subject.dropOverdue(151));
        assertFalse(subject.inFlight());
        subject.send(200);
        assertTrue(subject.inFlight());
        subject.retire();
        assertTrue(subject.retired(), "whether the failed batch changed the profile is unknown");
        assertFalse(subject.inFlight());
    }

    @Test
    void purgeTimeRunsFromTheLastWithdrawalToTheEmptySnapshot() {
        BenchSubject subject = new BenchSubject("bench-profile-1", "p1", "t");
        subject.snapshot(new FeaturesSnapshot(3, true), 10, 900); // before the purge phase: ignored
        subject.startPurge(1_000);
        subject.consent(new ConsentRecord("browsing", "granted"), 1_001);
        subject.consent(new ConsentRecord("browsing", "withdrawn"), 1_010);
        subject.snapshot(new FeaturesSnapshot(4, false), 20, 1_015);
        subject.consent(new ConsentRecord("purchases", "withdrawn"), 1_020);
        assertFalse(subject.purgeSeen(3));
        assertEquals(Percentiles.MISSING, subject.purgeMillis(3));
        subject.consent(new ConsentRecord("search", "withdrawn"), 1_030);
        subject.snapshot(new FeaturesSnapshot(6, true), 30, 1_155);
        subject.snapshot(new FeaturesSnapshot(7, true), 40, 1_300);
        assertTrue(subject.purgeSeen(3));
        assertEquals(125, subject.purgeMillis(3));
    }
}
