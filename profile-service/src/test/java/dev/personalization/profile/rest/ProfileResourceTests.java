package dev.personalization.profile.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.profile.testing.ProfileTestSupport.CONSENTS;
import static dev.personalization.profile.testing.ProfileTestSupport.awaitConsents;
import static dev.personalization.profile.testing.ProfileTestSupport.decision;
import static dev.personalization.profile.testing.ProfileTestSupport.grant;
import static dev.personalization.profile.testing.ProfileTestSupport.hasPurpose;
import static dev.personalization.profile.testing.ProfileTestSupport.myConsents;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static dev.personalization.profile.testing.ProfileTestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.consentview.service.ConsentTopicReader;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.profile.testing.ProfileTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The shopper's consent view as the profile API shows it, fed over the real broker exactly as
 * consent-service's outbox relay feeds it; who may read it, and how refusals look. How the view itself
 * handles redelivery, ordering and malformed events is the consent-view module's to test.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile_test"))
class ProfileResourceTests {

    @Inject
    DataSource dataSource;

    @Inject
    ConsentTopicReader reader;

    @Test
    void aPublishedDecisionShowsInTheViewAndTheDatabase() {
        String subject = newSubject();
        EventEnvelope<ConsentDecisionV1> grant = grant(subject, "browsing", 1);
        publish(grant);

        JsonPath view = awaitConsents(subject, hasPurpose("browsing", "granted", 1));
        assertEquals(1, view.getList("consents").size());
        Map<String, Object> consent = view.getMap("consents[0]");
        assertEquals("browsing", consent.get("purpose"));
        assertEquals(1, consent.get("purposeVersion"));
        assertEquals(grant.data().decidedAt(), Instant.parse((String) consent.get("decidedAt")));
        assertEquals(grant.data().expiresAt(), Instant.parse((String) consent.get("expiresAt")));

        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND state = 'granted' AND consent_version = 1", pseudonym(subject)));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", grant.id()));
        // only the pseudonym is stored, never the raw subject id
        assertEquals(0, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ?", subject));
    }

    @Test
    void whileTheViewCatchesUpTheConsentsAreA503ProblemNotAGuess() throws SQLException {
        String subject = newSubject();
        publish(grant(subject, "browsing", 1));
        awaitConsents(subject, hasPurpose("browsing", "granted", 1));

        // the view's consumer restarts (as after a crash) while a withdrawal waits on the topic, and the
        // database holds it back from recording its progress: it must not answer until it has caught up
        reader.stop();
        publish(decision(subject, "browsing", "withdrawn", 2, null));
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE consent_view_offset IN EXCLUSIVE MODE");
            }
            reader.start();
            Eventually.await("the view catching up", ProfileTestSupport.TIMEOUT, () -> "catching-up".equals(
                    ManagementInterface.given().get("/q/health/ready").jsonPath()
                            .getString("checks.find { it.name == 'consent-view' }.data.state")));
            given().auth().oauth2(TestKeys.user(subject)).get(CONSENTS).then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503))
                    .body("type", equalTo(ProblemType.SERVICE_UNAVAILABLE.uri()))
                    .body(not(containsString(subject)));
            ManagementInterface.given().get("/q/health/ready").then().statusCode(503);
            blocker.rollback();
        } finally {
            reader.start();
        }

        JsonPath view = awaitConsents(subject, hasPurpose("browsing", "withdrawn", 2));
        assertEquals(1, view.getList("consents").size());
        ManagementInterface.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aLapsedGrantReadsAsExpired() {
        String subject = newSubject();
        publish(decision(subject, "browsing", "granted", 1, Instant.now().minus(Duration.ofMinutes(1))));
        awaitConsents(subject, hasPurpose("browsing", "expired", 1));
        // the stored decision is kept as published; only its reading changes with time
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_view WHERE pseudonym = ? AND state = 'granted'",
                pseudonym(subject)));
    }

    @Test
    void anUnknownSubjectHasAnEmptyView() {
        assertEquals(List.of(), myConsents(newSubject()).getList("consents"));
    }

    @Test
    void anotherShopperNeverSeesTheView() {
        String alice = newSubject();
        String bob = newSubject();
        publish(grant(alice, "browsing", 1));
        awaitConsents(alice, hasPurpose("browsing", "granted", 1));
        assertEquals(List.of(), myConsents(bob).getList("consents"));
    }

    @Test
    void aRequestWithoutAValidTokenGetsA401Problem() {
        String subject = newSubject();
        DevTokens trusted = TestKeys.tokens();
        String[] invalid = {
            trusted.token(subject).issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(5)).sign(),
            trusted.token(subject).issuer("https://someone-else.example").sign(),
            trusted.token(subject).audience("another-audience").sign(),
            TestKeys.untrusted().token(subject).sign(),
            "not-a-jwt",
        };
        given().get(CONSENTS).then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        for (String token : invalid) {
            given().auth().oauth2(token).get(CONSENTS).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
    }

    @Test
    void aValidTokenWithoutTheUserRoleGetsA403Problem() {
        String subject = newSubject();
        for (String token : new String[] {TestKeys.partner(subject, "consent:read"), TestKeys.admin(subject)}) {
            given().auth().oauth2(token).get(CONSENTS).then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403))
                    .body("type", containsString("forbidden"));
        }
    }

    @Test
    void anUnknownPathIsA404Problem() {
        given().auth().oauth2(TestKeys.user(newSubject())).get("/api/profile/me/nothing-here").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()));
    }

    @Test
    void anOversizedBodyIsRefusedWithA413Problem() {
        given().auth().oauth2(TestKeys.user(newSubject())).contentType("application/json")
                .body("{\"padding\": \"" + "x".repeat(300_000) + "\"}")
                .post(CONSENTS).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("type", equalTo(ProblemType.BODY_TOO_LARGE.uri()));
    }

    @Test
    void aControlCharacterInThePathIsA400ProblemNotA500() {
        given().auth().oauth2(TestKeys.user(newSubject())).urlEncodingEnabled(false).get("/api/profile/me/%00").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.INVALID_PATH.uri()));
    }

    @Test
    void errorsNeverEchoTheSubject() {
        String subject = newSubject();
        given().auth().oauth2(TestKeys.partner(subject)).get(CONSENTS).then()
                .statusCode(403)
                .body(not(containsString(subject)));
    }
}
