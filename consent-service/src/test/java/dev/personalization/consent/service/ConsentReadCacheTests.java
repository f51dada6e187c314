package dev.personalization.consent.service;

import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The in-memory read cache never serves a decision older than the last committed one. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class ConsentReadCacheTests {

    @Inject
    DataSource dataSource;

    private static String stateOf(String subject, String purpose) {
        return given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then().statusCode(200)
                .extract().path("consents.find { it.purpose == '" + purpose + "' }.state");
    }

    @Test
    void aReadRightAfterAWriteSeesTheWrite() {
        String subject = newSubject();
        for (int round = 0; round < 5; round++) {
            decide(subject, "browsing", true).statusCode(200);
            assertEquals("granted", stateOf(subject, "browsing"));
            decide(subject, "browsing", false).statusCode(200);
            assertEquals("withdrawn", stateOf(subject, "browsing"));
        }
    }

    @Test
    void aChangeCommittedByAnotherReplicaEvictsTheCachedEntry() throws SQLException {
        long ready = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"in use".equals(cacheMode()) && System.nanoTime() < ready) {
            Thread.onSpinWait();
        }
        assertEquals("in use", cacheMode(), "the cache listens for invalidations");
        String subject = newSubject();
        decide(subject, "search", true).statusCode(200);
        assertEquals("granted", stateOf(subject, "search"));
        assertEquals("granted", stateOf(subject, "search"));

        // another replica's transaction: it changes the row and commits...
        execute("UPDATE consent_state SET decision = 'withdrawn' WHERE subject = ? AND purpose = 'search'", subject);
        // ...and until its notification arrives, this replica still serves the cached decision
        assertEquals("granted", stateOf(subject, "search"));
        execute("SELECT pg_notify('consent_changed', 's:' || ?)", subject);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String state = stateOf(subject, "search");
        while (!"withdrawn".equals(state) && System.nanoTime() < deadline) {
            state = stateOf(subject, "search");
        }
        assertEquals("withdrawn", state);
    }

    private static String cacheMode() {
        return ManagementInterface.given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'consent-read-cache' }.data.mode");
    }

    private void execute(String sql, String subject) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, subject);
            statement.execute();
        }
    }

    @Test
    void aNewPurposeVersionIsSeenAtOnce() {
        String subject = newSubject();
        int version = given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .extract().path("consents.find { it.purpose == 'search' }.currentPurposeVersion");
        given().auth().oauth2(TestKeys.admin("operator")).contentType("application/json")
                .body("{\"title\":\"Search ranked for you\",\"notice\":\"Same as before, clearer words.\","
                        + "\"dataCategories\":[\"matched-catalog-terms\"],\"retentionDays\":90,\"legalBasis\":\"consent\"}")
                .put("/api/admin/purposes/search").then().statusCode(200);
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .body("consents.find { it.purpose == 'search' }.currentPurposeVersion", equalTo(version + 1));
    }
}
