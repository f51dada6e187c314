package dev.personalization.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How a batch is matched with its snapshot, and a purge with its withdrawal. */
class BenchSubjectTest {

    private static final IntakeAnswer ACCEPTED = new IntakeAnswer(70, 10, 20, 0);

    @Test
    void aBatchIsDoneWithItsAnswerAndTheFirstNewerSnapshot() {
        BenchSubject subject = new BenchSubject("bench-profile-1", "p1", "t");
        subject.snapshot(new FeaturesSnapshot(5, false), 50, 1);
        subject.send(100);
        // a replay of what was read before sending does not count
        assertNull(subject.snapshot(new FeaturesSnapshot(5, false), 110, 2));
        assertNull(subject.answered(150, ACCEPTED));
        BenchSubject.Completed done = subject.snapshot(new FeaturesSnapshot(6, false), 180, 3);
        assertNotNull(done);
        assertEquals(100, done.sentNanos());
        assertEquals(150, done.answeredNanos());
        assertEquals(180, done.doneNanos());
        assertFalse(subject.inFlight());
        assertEquals(6, subject.lastVersion());
    }

    @Test
    void aSnapshotMayArriveBeforeTheAnswer() {
        BenchSubject subject = new BenchSubject("bench-profile-1", "p1", "t");
        subject.send(100);
        assertNull(subject.snapshot(new FeaturesSnapshot(0, false), 120, 1), "the first snapshot ever counts too");
        BenchSubject.Completed done = subject.answered(150, ACCEPTED);
        assertNotNull(done);
        assertEquals(150, done.doneNanos(), "done when both the 202 and the snapshot are there");
        assertNull(subject.snapshot(new FeaturesSnapshot(1, false), 200, 2), "nothing in flight any more");
    }

    @Test
    void anOverdueSnapshotIsSeenOnlyAfterTheAnswer() {
        BenchSubject subject = new BenchSubject("bench-profile-1", "p1", "t");
        subject.send(100);
        assertFalse(subject.snapshotOverdue(1_000));
        subject.answered(150, ACCEPTED);
        assertFalse(subject.snapshotOverdue(150));
        assertTrue(subject.snapshotOverdue(151));
        subject.abandon();
        assertFalse(subject.snapshotOverdue(1_000));
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
