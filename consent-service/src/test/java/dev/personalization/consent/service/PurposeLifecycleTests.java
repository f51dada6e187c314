package dev.personalization.consent.service;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.count;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.tableCounts;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.consent.service.ConsentExpiryJob;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Purposes from the seed, new versions that need fresh consent, and grants that lapse. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class PurposeLifecycleTests {

    private static final String NEW_NOTICE = """
            {"title":"Deals from what you buy","notice":"We now also keep the brand of what you buy.",
             "dataCategories":["purchased-categories","price-bands","purchased-brands"],
             "retentionDays":120,"legalBasis":"consent (GDPR Art. 6(1)(a))"}""";

    @Inject
    DataSource dataSource;

    @Inject
    ConsentExpiryJob expiryJob;

    @Test
    void theSeededPurposesAreListedWithTheirNotices() {
        given().auth().oauth2(TestKeys.partner("any")).get("/api/purposes").then()
                .statusCode(200)
                .body("purposes.purpose", hasItems("browsing", "purchases", "search"))
                .body("purposes.version", everyItem(greaterThanOrEqualTo(1)))
                .body("purposes.find { it.purpose == 'browsing' }.retentionDays", equalTo(30))
                .body("purposes.find { it.purpose == 'search' }.dataCategories", hasItems("matched-catalog-terms"))
                .body("purposes.notice", everyItem(notNullValue()))
                .body("purposes.legalBasis", everyItem(notNullValue()));
    }

    @Test
    void aNewVersionMakesEarlierGrantsNeedRenewal() {
        String subject = newSubject();
        decide(subject, "purchases", true).statusCode(200);
        int before = given().auth().oauth2(TestKeys.user(subject)).get("/api/purposes").then()
                .extract().path("purposes.find { it.purpose == 'purchases' }.version");

        given().auth().oauth2(TestKeys.admin("operator")).contentType("application/json").body(NEW_NOTICE)
                .put("/api/admin/purposes/purchases").then()
                .statusCode(200)
                .body("purpose", equalTo("purchases"))
                .body("version", equalTo(before + 1))
                .body("retentionDays", equalTo(120));

        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .statusCode(200)
                .body("consents.find { it.purpose == 'purchases' }.state", equalTo("expired"))
                .body("consents.find { it.purpose == 'purchases' }.renewalRequired", equalTo(true))
                .body("consents.find { it.purpose == 'purchases' }.currentPurposeVersion", equalTo(before + 1));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ? AND decision = 'expired' "
                + "AND reason = 'notice-changed'", ref(subject)));
        assertEquals(2, count(dataSource, "SELECT count(*) FROM outbox_event WHERE message_key = ?",
                ConsentTestSupport.pseudonym(subject)));

        // granting again is on the new notice
        decide(subject, "purchases", true).statusCode(200).body("purposeVersion", equalTo(before + 1));
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .body("consents.find { it.purpose == 'purchases' }.state", equalTo("granted"))
                .body("consents.find { it.purpose == 'purchases' }.renewalRequired", equalTo(false));
    }

    @Test
    void publishingRefusesUnknownPurposesAndInvalidNoticesWithoutWriting() {
        Map<String, Long> before = tableCounts(dataSource);
        String admin = TestKeys.admin("operator");
        given().auth().oauth2(admin).contentType("application/json").body(NEW_NOTICE)
                .put("/api/admin/purposes/marketing").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType("application/json")
                .body(NEW_NOTICE.replace("\"retentionDays\":120", "\"retentionDays\":0"))
                .put("/api/admin/purposes/search").then()
                .statusCode(422).body("field", equalTo("retentionDays"));
        given().auth().oauth2(admin).contentType("application/json")
                .body(NEW_NOTICE.replace("\"title\":\"Deals from what you buy\",", ""))
                .put("/api/admin/purposes/search").then()
                .statusCode(422).body("field", equalTo("title"));
        given().auth().oauth2(admin).contentType("application/json")
                .body(NEW_NOTICE.replace("\"purchased-brands\"", "\"Bad Category\""))
                .put("/api/admin/purposes/search").then()
                .statusCode(422).body("field", equalTo("dataCategories"));
        given().auth().oauth2(admin).contentType("application/json")
                .body(NEW_NOTICE.replace("120", "\"many\""))
                .put("/api/admin/purposes/search").then()
                .statusCode(400).body("field", equalTo("retentionDays"));
        assertEquals(before, tableCounts(dataSource));
    }

    @Test
    void lapsedGrantsExpireAndAreAnnounced() {
        String subject = newSubject();
        decide(subject, "search", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200);

        int expired = expiryJob.expireDue(Instant.now().plus(Duration.ofDays(366)));

        org.junit.jupiter.api.Assertions.assertTrue(expired >= 1);
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .body("consents.find { it.purpose == 'search' }.state", equalTo("expired"))
                .body("consents.find { it.purpose == 'browsing' }.state", equalTo("denied"));
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me/history").then()
                .body("entries.decision", org.hamcrest.Matchers.contains("granted", "denied", "expired"))
                .body("entries[2].reason", equalTo("grant-lapsed"));
        assertEquals(3, count(dataSource, "SELECT count(*) FROM outbox_event WHERE message_key = ?",
                ConsentTestSupport.pseudonym(subject)));
        // running again finds nothing more for this subject
        expiryJob.expireDue(Instant.now().plus(Duration.ofDays(366)));
        assertEquals(3, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
    }
}
