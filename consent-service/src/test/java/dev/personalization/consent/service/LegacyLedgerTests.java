package dev.personalization.consent.service;

import static dev.personalization.consent.testing.ConsentTestSupport.behindTheServicesBack;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.execute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A ledger written before the chain was keyed: its entries keep their plain SHA-256 hashes (chain
 * format 1). The first signed checkpoint vouches for them; keyed entries continue their chains; an
 * unkeyed entry appended after that checkpoint is refused like any forgery.
 */
@QuarkusTest
@QuarkusTestResource(value = LegacyLedgerTests.LedgerBeforeIssue7.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "consent_legacy_test"))
class LegacyLedgerTests {

    static final String ALICE = "legacy-alice";
    static final String BOB = "legacy-bob";
    private static final String GENESIS = "0".repeat(64);

    @Inject
    LedgerCheckpointer checkpointer;

    /** The schema as it was before issue 7 (migrations 1 and 2), with two subjects' unkeyed chains in it. */
    public static class LedgerBeforeIssue7 extends SuiteTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            String url = config.get("quarkus.datasource.jdbc.url");
            String user = config.getOrDefault("quarkus.flyway.username", config.get("quarkus.datasource.username"));
            String password = config.getOrDefault("quarkus.flyway.password", config.get("quarkus.datasource.password"));
            Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("2")
                    .load().migrate();
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                Instant then = Instant.parse("2026-06-01T10:00:00.123456Z");
                String aliceHead = legacyEntry(connection, ALICE, "browsing", 1, "granted", then, GENESIS);
                aliceHead = legacyEntry(connection, ALICE, "browsing", 2, "withdrawn", then.plusSeconds(60), aliceHead);
                execute(connection, "INSERT INTO subject_chain (subject, head_hash, entries) VALUES (?, ?, 2)", ALICE,
                        aliceHead);
                String bobHead = legacyEntry(connection, BOB, "search", 1, "denied", then.plusSeconds(5), GENESIS);
                execute(connection, "INSERT INTO subject_chain (subject, head_hash, entries) VALUES (?, ?, 1)", BOB,
                        bobHead);
                execute(connection, "INSERT INTO consent_state (subject, purpose, purpose_version, consent_version, "
                        + "decision, decided_at, ledger_entry_id) SELECT subject, purpose, purpose_version, "
                        + "consent_version, decision, recorded_at, id FROM consent_ledger l WHERE consent_version = "
                        + "(SELECT max(consent_version) FROM consent_ledger m WHERE m.subject = l.subject "
                        + "AND m.purpose = l.purpose)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return config;
        }
    }

    @Test
    void theFirstCheckpointVouchesForUnkeyedEntriesAndNoUnkeyedEntryIsAcceptedAfterIt() {
        // no checkpoint yet: nothing vouches for an entry hashed without the key
        verify(ALICE).body("intact", equalTo(false)).body("firstBrokenLink.problem", equalTo("unkeyed-entry"));

        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, checkpointer.checkpoint().outcome());
        verify(ALICE).body("intact", equalTo(true)).body("entriesChecked", equalTo(2));
        verify(BOB).body("intact", equalTo(true));

        // Bob's chain goes on, keyed, from his unkeyed head
        decide(BOB, "search", true).statusCode(200).body("consentVersion", equalTo(2));
        assertEquals(LedgerCheckpointer.Outcome.WRITTEN, checkpointer.checkpoint().outcome());
        verify(BOB).body("intact", equalTo(true)).body("entriesChecked", equalTo(2));

        // an unkeyed entry slipped in after the first checkpoint is a forgery, however well chained
        behindTheServicesBack(connection -> {
            String head = legacyEntry(connection, ALICE, "browsing", 3, "granted", Instant.now(),
                    headOf(connection, ALICE), true);
            execute(connection, "UPDATE subject_chain SET head_hash = ?, entries = 3 WHERE subject = ?", head, ALICE);
        });
        verify(ALICE).body("intact", equalTo(false)).body("firstBrokenLink.problem", equalTo("unkeyed-entry"))
                .body("firstBrokenLink.consentVersion", equalTo(3));
        given().auth().oauth2(TestKeys.admin("operator")).get("/api/admin/ledger/verify").then()
                .statusCode(200).body("intact", equalTo(false)).body("firstBrokenLink.subject", equalTo(ALICE));
    }

    private static ValidatableResponse verify(String subject) {
        return given().auth().oauth2(TestKeys.admin("operator")).queryParam("subject", subject)
                .get("/api/admin/ledger/verify").then().statusCode(200);
    }

    private static String headOf(Connection connection, String subject) throws SQLException {
        try (var query = connection.prepareStatement("SELECT head_hash FROM subject_chain WHERE subject = ?")) {
            query.setString(1, subject);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** Appends an entry the way the service did before issue 7: plain SHA-256 (format 1, once the column exists). */
    static String legacyEntry(Connection connection, String subject, String purpose, long consentVersion,
            String decision, Instant recordedAt, String prevHash) throws SQLException {
        return legacyEntry(connection, subject, purpose, consentVersion, decision, recordedAt, prevHash, false);
    }

    static String legacyEntry(Connection connection, String subject, String purpose, long consentVersion,
            String decision, Instant recordedAt, String prevHash, boolean formatColumn) throws SQLException {
        Instant at = recordedAt.truncatedTo(ChronoUnit.MICROS);
        String hash = sha256(prevHash, subject, purpose, "1", Long.toString(consentVersion), decision, null,
                at.toString(), "web", subject, null);
        execute(connection, "INSERT INTO consent_ledger (subject, purpose, purpose_version, consent_version, decision, "
                + "recorded_at, channel, actor, prev_hash, entry_hash" + (formatColumn ? ", chain_format" : "")
                + ") VALUES (?, ?, 1, ?, ?, ?, 'web', ?, ?, ?" + (formatColumn ? ", 1" : "") + ")",
                subject, purpose, consentVersion, decision, Timestamp.from(at), subject, prevHash, hash);
        return hash;
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
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
