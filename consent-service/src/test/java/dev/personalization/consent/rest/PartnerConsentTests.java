package dev.personalization.consent.rest;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.count;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class PartnerConsentTests {

    @Inject
    DataSource dataSource;

    @Test
    void aPartnerWithTheScopeReadsTheDecisionAndTheShopperSeesTheRead() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);

        given().auth().oauth2(TestKeys.partner("recs-team", "consent:read", "recommendations:read"))
                .queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then()
                .statusCode(200)
                .body("subject", equalTo(subject))
                .body("purpose", equalTo("browsing"))
                .body("state", equalTo("granted"))
                .body("expiresAt", notNullValue());
        given().auth().oauth2(TestKeys.partner("recs-team", "consent:read"))
                .queryParam("purpose", "search")
                .get("/api/partner/consents/" + subject).then()
                .statusCode(200)
                .body("state", equalTo("none"));

        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me/history").then()
                .statusCode(200)
                .body("partnerReads.partner", contains("recs-team", "recs-team"))
                .body("partnerReads.purpose", contains("browsing", "search"));
    }

    @Test
    void aSubjectWithNoRecordGetsTheSameNoneButLeavesNoAuditRow() {
        String stranger = newSubject();
        String known = newSubject();
        decide(known, "browsing", true).statusCode(200);
        String token = TestKeys.partner("recs-team", "consent:read");

        Map<String, Object> forStranger = given().auth().oauth2(token).queryParam("purpose", "search")
                .get("/api/partner/consents/" + stranger).then()
                .statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> forKnown = given().auth().oauth2(token).queryParam("purpose", "search")
                .get("/api/partner/consents/" + known).then()
                .statusCode(200).extract().jsonPath().getMap("$");

        assertEquals("none", forStranger.get("state"));
        forStranger.put("subject", known);
        assertEquals(forKnown, forStranger, "the same answer, but for the subject named");
        assertEquals(0, count(dataSource, "SELECT count(*) FROM partner_read WHERE subject = ?", stranger));
        // a subject who exists gets the read recorded, even for a purpose they never decided on
        assertEquals(1, count(dataSource, "SELECT count(*) FROM partner_read WHERE subject = ?", known));
    }

    @Test
    void parallelPartnerChecksEachAnswerOnlyOnceTheirOwnAuditRowIsDurable() throws Exception {
        String subject = newSubject();
        decide(subject, "purchases", true).statusCode(200);
        int checks = 96;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < checks; i++) {
                String partner = "partner-" + i;
                results.add(pool.submit(() -> {
                    int status = given().auth().oauth2(TestKeys.partner(partner, "consent:read"))
                            .queryParam("purpose", "purchases")
                            .get("/api/partner/consents/" + subject).statusCode();
                    // answered: its own row must already be committed (read on another connection)
                    long rows = count(dataSource, "SELECT count(*) FROM partner_read WHERE subject = ? AND partner = ?",
                            subject, partner);
                    return status == 200 && rows == 1 ? 1 : 0;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(1, result.get(), "a check answered without its durable audit row");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(checks, count(dataSource, "SELECT count(*) FROM partner_read WHERE subject = ?", subject));
        assertEquals(checks, count(dataSource, "SELECT count(DISTINCT partner) FROM partner_read WHERE subject = ?",
                subject));
    }

    @Test
    void withoutTheScopeOrTheRoleThePartnerIsRefusedAndNothingIsRecorded() {
        String subject = newSubject();
        given().auth().oauth2(TestKeys.partner("recs-team", "recommendations:read"))
                .queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestKeys.user(newSubject()))
                .queryParam("purpose", "browsing")
                .get("/api/partner/consents/" + subject).then()
                .statusCode(403).contentType("application/problem+json");
        assertEquals(0, count(dataSource, "SELECT count(*) FROM partner_read WHERE subject = ?", subject));
    }

    @Test
    void aMissingOrUnknownPurposeIsAProblem() {
        String subject = newSubject();
        String token = TestKeys.partner("recs-team", "consent:read");
        given().auth().oauth2(token).get("/api/partner/consents/" + subject).then()
                .statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("purpose"));
        given().auth().oauth2(token).queryParam("purpose", "marketing")
                .get("/api/partner/consents/" + subject).then()
                .statusCode(404).contentType("application/problem+json");
        assertEquals(0, count(dataSource, "SELECT count(*) FROM partner_read WHERE subject = ?", subject));
    }
}
