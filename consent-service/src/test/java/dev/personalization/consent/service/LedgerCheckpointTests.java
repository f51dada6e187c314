package dev.personalization.consent.service;

import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.behindTheServicesBack;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.execute;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.superuser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Signed checkpoints of the chain heads: what the key alone cannot show (an entry removed from the
 * end of a chain) the latest checkpoint does; and the checkpoint itself cannot be edited unnoticed.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class LedgerCheckpointTests {

    @Inject
    LedgerCheckpointer checkpointer;

    @Test
    void aCheckpointSignsEverySubjectsHeadAndMovesOnWithTheirChains() throws SQLException {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "search", false).statusCode(200);

        LedgerCheckpointer.Result first = checkpointer.checkpoint();
        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, first.outcome());
        assertEquals(2, headEntries(subject, first.checkpoint().id));
        // nothing new: no checkpoint to write
        assertEquals(LedgerCheckpointer.Outcome.UNCHANGED, checkpointer.checkpoint().outcome());

        decide(subject, "browsing", false).statusCode(200);
        LedgerCheckpointer.Result second = checkpointer.checkpoint();
        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, second.outcome());
        assertEquals(first.checkpoint().id, second.checkpoint().previousId);
        assertEquals(3, headEntries(subject, second.checkpoint().id));
        assertTrue(second.checkpoint().signature.split("\\.").length == 3, "a compact JWS");

        verify(subject)
                .body("intact", equalTo(true))
                .body("entriesChecked", equalTo(3))
                .body("checkpoint.id", equalTo(second.checkpoint().id.intValue()))
                .body("checkpoint.createdAt", notNullValue())
                .body("checkpoint.problem", nullValue());
    }

    @Test
    void anEntryRemovedFromTheEndOfAChainIsCaughtByTheCheckpoint() throws SQLException {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "purchases", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200);
        checkpointer.checkpoint();
        verify(subject).body("intact", equalTo(true));

        // the withdrawal disappears, and the chain's recorded head is set back to match: every
        // remaining entry still verifies with the key, so only the checkpoint can tell
        long[] ids = entryIds(subject);
        long withdrawal = ids[2];
        behindTheServicesBack(connection -> {
            execute(connection, "DELETE FROM consent_ledger WHERE id = ?", withdrawal);
            execute(connection, "UPDATE subject_chain SET head_hash = (SELECT entry_hash FROM consent_ledger WHERE id = ?), "
                    + "entries = 2 WHERE subject_ref = ?", ids[1], ref(subject));
            execute(connection, "UPDATE consent_state SET decision = 'granted', consent_version = 1, ledger_entry_id = ? "
                    + "WHERE subject = ? AND purpose = 'browsing'", ids[0], subject);
        });
        verify(subject)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.subject", equalTo(ref(subject)))
                .body("firstBrokenLink.entryId", equalTo((int) withdrawal))
                .body("firstBrokenLink.problem", equalTo("checkpoint-mismatch"));

        // the service writes on from the shortened chain; the next checkpoint does not take the new
        // chain for the old one: it keeps the signed head, and the check still names it
        decide(subject, "search", true).statusCode(200);
        LedgerCheckpointer.Result next = checkpointer.checkpoint();
        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, next.outcome());
        assertTrue(next.heldSubjects() >= 1);
        verify(subject)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.entryId", equalTo((int) withdrawal))
                .body("firstBrokenLink.problem", equalTo("checkpoint-mismatch"));
    }

    @Test
    void aLatestEntryReplacedBehindTheServicesBackIsCaught() {
        String subject = newSubject();
        decide(subject, "search", true).statusCode(200);
        decide(subject, "search", false).statusCode(200);
        checkpointer.checkpoint();
        long latest = entryIds(subject)[1];

        behindTheServicesBack(connection -> execute(connection,
                "UPDATE consent_ledger SET decision = 'granted', expires_at = recorded_at + interval '365 days' "
                        + "WHERE id = ?", latest));
        verify(subject)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.entryId", equalTo((int) latest))
                .body("firstBrokenLink.problem", equalTo("content-hash-mismatch"));
    }

    @Test
    void aCheckpointEditedBehindTheServicesBackIsReportedAndNotBuiltOn() throws SQLException {
        String subject = newSubject();
        decide(subject, "purchases", true).statusCode(200);
        LedgerCheckpointer.Result taken = checkpointer.checkpoint();
        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, taken.outcome());
        long id = taken.checkpoint().id;
        long entries = taken.checkpoint().entries;
        long headEntries = headEntries(subject, id);
        try {
            // a head row made to agree with a shorter chain: the digest no longer holds
            behindTheServicesBack(connection -> execute(connection,
                    "UPDATE ledger_checkpoint_head SET entries = entries + 1 WHERE subject_ref = ? AND checkpoint_id = ?",
                    ref(subject), id));
            verify(subject)
                    .body("intact", equalTo(false))
                    .body("firstBrokenLink.problem", equalTo("checkpoint-invalid"))
                    .body("checkpoint.id", equalTo((int) id))
                    .body("checkpoint.problem", equalTo("digest"));
            behindTheServicesBack(connection -> execute(connection,
                    "UPDATE ledger_checkpoint_head SET entries = ? WHERE subject_ref = ? AND checkpoint_id = ?",
                    headEntries, ref(subject), id));

            // the checkpoint's own counts changed: its signature no longer covers it
            behindTheServicesBack(connection -> execute(connection,
                    "UPDATE ledger_checkpoint SET entries = entries - 1 WHERE id = ?", id));
            verify(subject)
                    .body("intact", equalTo(false))
                    .body("firstBrokenLink.problem", equalTo("checkpoint-invalid"))
                    .body("checkpoint.problem", equalTo("signature"));
            decide(subject, "purchases", false).statusCode(200);
            assertEquals(LedgerCheckpointer.Outcome.REFUSED, checkpointer.checkpoint().outcome());
        } finally {
            // put the checkpoint back as it was signed, so that the tests after this one find it intact
            behindTheServicesBack(connection -> {
                execute(connection, "UPDATE ledger_checkpoint SET entries = ? WHERE id = ?", entries, id);
                execute(connection, "UPDATE ledger_checkpoint_head SET entries = ? WHERE subject_ref = ? AND checkpoint_id = ?",
                        headEntries, ref(subject), id);
            });
        }
        verify(subject).body("intact", equalTo(true)).body("checkpoint.problem", nullValue());
    }

    private static ValidatableResponse verify(String subject) {
        return given().auth().oauth2(TestKeys.admin("operator")).queryParam("subject", subject)
                .get("/api/admin/ledger/verify").then().statusCode(200);
    }

    private static long headEntries(String subject, long checkpointId) throws SQLException {
        try (Connection connection = superuser();
                PreparedStatement query = connection.prepareStatement("SELECT entries FROM ledger_checkpoint_head "
                        + "WHERE subject_ref = ? AND checkpoint_id <= ? ORDER BY checkpoint_id DESC LIMIT 1")) {
            query.setString(1, ref(subject));
            query.setLong(2, checkpointId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static long[] entryIds(String subject) {
        try (Connection connection = superuser();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id FROM consent_ledger WHERE subject_ref = ? ORDER BY id")) {
            query.setString(1, ref(subject));
            java.util.List<Long> ids = new java.util.ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids.stream().mapToLong(Long::longValue).toArray();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
