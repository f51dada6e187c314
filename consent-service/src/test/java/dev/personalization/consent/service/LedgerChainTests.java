package dev.personalization.consent.service;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class LedgerChainTests {

    @Inject
    DataSource dataSource;

    @Test
    void theDatabaseRefusesToUpdateOrDeleteLedgerRows() throws SQLException {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        try (Connection connection = dataSource.getConnection()) {
            SQLException update = assertThrows(SQLException.class, () -> execute(connection,
                    "UPDATE consent_ledger SET decision = 'denied' WHERE subject = ?", subject));
            assertTrue(update.getMessage().contains("append-only"));
            assertThrows(SQLException.class, () -> execute(connection,
                    "DELETE FROM consent_ledger WHERE subject = ?", subject));
        }
    }

    @Test
    void theChainCheckFindsARowAlteredBehindTheServicesBack() throws SQLException {
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
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
            }
            execute(connection, "UPDATE consent_ledger SET decision = 'granted' WHERE subject = ? AND consent_version = 2",
                    subject);
            connection.commit();
        }

        given().auth().oauth2(admin).queryParam("subject", subject).get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(false))
                .body("firstBrokenLink.subject", equalTo(subject))
                .body("firstBrokenLink.purpose", equalTo("browsing"))
                .body("firstBrokenLink.consentVersion", equalTo(2))
                .body("firstBrokenLink.problem", equalTo("content-hash-mismatch"));
        given().auth().oauth2(admin).get("/api/admin/ledger/verify").then()
                .statusCode(200)
                .body("intact", equalTo(false))
                .body("subjectsChecked", greaterThanOrEqualTo(1));
    }

    @Test
    void onlyAdminsRunTheCheck() {
        given().auth().oauth2(TestKeys.user("someone")).get("/api/admin/ledger/verify").then()
                .statusCode(403).contentType("application/problem+json");
    }

    private static void execute(Connection connection, String sql, String subject) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, subject);
            statement.executeUpdate();
        }
    }
}
