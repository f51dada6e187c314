package dev.personalization.consent.service;

import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.behindTheServicesBack;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.execute;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.superuser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger's hash chain is keyed: rewriting a chain consistently without the key, even as the
 * database's superuser with every trigger off, is caught by the admin check.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class LedgerChainTests {

    private static final String GENESIS = "0".repeat(64);

    @Inject
    LedgerCheckpointer checkpointer;

    @Test
    void theDatabaseRefusesToChangeTheLedgerOrItsCheckpointsEvenForItsSuperuser() throws SQLException {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        checkpointer.checkpoint();
        String chain = ref(subject);
        try (Connection connection = superuser()) {
            // one transaction, rolled back whatever happens: nothing here may survive the test
            connection.setAutoCommit(false);
            try {
                for (String change : new String[] {
                        "UPDATE consent_ledger SET decision = 'denied' WHERE subject_ref = '" + chain + "'",
                        "DELETE FROM consent_ledger WHERE subject_ref = '" + chain + "'",
                        "TRUNCATE consent_ledger CASCADE",
                        "UPDATE ledger_checkpoint SET entries = entries + 1",
                        "DELETE FROM ledger_checkpoint_head WHERE subject_ref = '" + chain + "'",
                        "TRUNCATE ledger_checkpoint CASCADE"}) {
                    execute(connection, "SAVEPOINT attempt");
                    SQLException refused = assertThrows(SQLException.class, () -> execute(connection, change), change);
                    assertTrue(refused.getMessage().contains("append-only"), change + ": " + refused.getMessage());
                    execute(connection, "ROLLBACK TO SAVEPOINT attempt");
                }
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void theChainCheckFindsARowAlteredBehindTheServicesBack() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "search", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200);
        String admin = TestKeys.admin("operator");
        given().auth().oauth2(admin).queryParam("subject", subject).get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(true))
                .body("entriesChecked", equalTo(3))
                .body("firstBrokenLink", nullValue());

        // a superuser bypasses the trigger and rewrites the withdrawal into a grant
        behindTheServicesBack(connection -> execute(connection,
                "UPDATE consent_ledger SET decision = 'granted' WHERE subject_ref = ? AND consent_version = 2",
                ref(subject)));

        given().auth().oauth2(admin).queryParam("subject", subject).get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.subject", equalTo(ref(subject)))
                .body("firstBrokenLink.purpose", equalTo("browsing"))
                .body("firstBrokenLink.consentVersion", equalTo(2))
                .body("firstBrokenLink.problem", equalTo("content-hash-mismatch"));
        given().auth().oauth2(admin).get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(false))
                .body("subjectsChecked", greaterThanOrEqualTo(1));
    }

    @Test
    void aWholeChainRewrittenConsistentlyWithPlainSha256IsCaughtAtItsFirstEntry() {
        // (claiming the old unkeyed format 1 is no longer possible at all: the table accepts format 3 only)
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "purchases", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200);

        // turn the withdrawal into a grant and re-chain every entry, head included: every link holds
        behindTheServicesBack(connection -> rewriteChain(connection, subject));

        long firstId = entryIds(subject).get(0);
        given().auth().oauth2(TestKeys.admin("operator")).queryParam("subject", subject)
                .get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.subject", equalTo(ref(subject)))
                .body("firstBrokenLink.entryId", equalTo((int) firstId))
                .body("firstBrokenLink.problem", equalTo("content-hash-mismatch"));
    }

    @Test
    void onlyAdminsRunTheCheck() {
        given().auth().oauth2(TestKeys.user("someone")).get("/api/admin/ledger/verify").then()
                .statusCode(403).contentType("application/problem+json");
    }

    /** The attacker's tool: what the chain would be with plain SHA-256, the way it was before issue 7. */
    private static void rewriteChain(Connection connection, String subject) throws SQLException {
        String prev = GENESIS;
        long entries = 0;
        List<Object[]> rows = new ArrayList<>();
        String chain = ref(subject);
        try (PreparedStatement query = connection.prepareStatement("SELECT id, subject_ref, purpose, purpose_version, "
                + "consent_version, decision, reason, recorded_at, expires_at, sealed FROM consent_ledger "
                + "WHERE subject_ref = ? ORDER BY id")) {
            query.setString(1, chain);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String decision = row.getLong("consent_version") == 2 ? "granted" : row.getString("decision");
                    String hash = sha256(prev, row.getString("subject_ref"), row.getString("purpose"),
                            Integer.toString(row.getInt("purpose_version")), Long.toString(row.getLong("consent_version")),
                            decision, row.getString("reason"), instant(row.getObject("recorded_at", OffsetDateTime.class)),
                            instant(row.getObject("expires_at", OffsetDateTime.class)), row.getString("sealed"));
                    rows.add(new Object[] {row.getLong("id"), decision, prev, hash});
                    prev = hash;
                    entries++;
                }
            }
        }
        for (Object[] row : rows) {
            execute(connection, "UPDATE consent_ledger SET decision = ?, prev_hash = ?, entry_hash = ?, chain_format = ? "
                    + "WHERE id = ?", row[1], row[2], row[3], (short) 3, row[0]);
        }
        execute(connection, "UPDATE subject_chain SET head_hash = ?, entries = ? WHERE subject_ref = ?", prev, entries, chain);
    }

    private static List<Long> entryIds(String subject) {
        try (Connection connection = superuser();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id FROM consent_ledger WHERE subject_ref = ? ORDER BY id")) {
            query.setString(1, ref(subject));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }

    private static String sha256(String... fields) {
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            String value = field == null ? "" : field;
            canonical.append(value.length()).append(':').append(value).append(';');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
