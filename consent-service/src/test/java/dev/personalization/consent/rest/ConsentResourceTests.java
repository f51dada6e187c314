package dev.personalization.consent.rest;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.count;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static dev.personalization.consent.testing.ConsentTestSupport.tableCounts;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class ConsentResourceTests {

    @Inject
    DataSource dataSource;

    @Test
    void aGrantIsRecordedInTheLedgerTheStateAndTheOutbox() {
        String subject = newSubject();
        decide(subject, "browsing", true)
                .statusCode(200)
                .body("purpose", equalTo("browsing"))
                .body("state", equalTo("granted"))
                .body("purposeVersion", equalTo(1))
                .body("consentVersion", equalTo(1))
                .body("channel", equalTo("web"))
                .body("expiresAt", notNullValue())
                .body("receipt", notNullValue())
                .body("replayed", equalTo(false));

        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ? AND purpose = 'browsing' "
                + "AND decision = 'granted'", ref(subject)));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_state WHERE subject = ? AND decision = 'granted'",
                subject));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM outbox_event WHERE message_key = ?",
                ConsentTestSupport.pseudonym(subject)));
        // the event carries the pseudonym, never the raw subject
        assertEquals(0, count(dataSource, "SELECT count(*) FROM outbox_event WHERE payload LIKE ?", "%" + subject + "%"));
    }

    @Test
    void currentStateListsEveryPurposeWithNoneAsDefault() {
        String subject = newSubject();
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .statusCode(200)
                .body("subject", equalTo(subject))
                .body("consents.purpose", hasItems("browsing", "purchases", "search"))
                .body("consents.state", contains("none", "none", "none"));

        decide(subject, "search", true).statusCode(200);
        decide(subject, "purchases", false).statusCode(200).body("state", equalTo("denied"));
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me").then()
                .statusCode(200)
                .body("consents.find { it.purpose == 'search' }.state", equalTo("granted"))
                .body("consents.find { it.purpose == 'search' }.consentVersion", equalTo(1))
                .body("consents.find { it.purpose == 'purchases' }.state", equalTo("denied"))
                .body("consents.find { it.purpose == 'browsing' }.state", equalTo("none"));
    }

    @Test
    void refusingAfterAGrantIsAWithdrawalAndTheHistoryKeepsBothInOrder() {
        String subject = newSubject();
        decide(subject, "browsing", true).statusCode(200);
        decide(subject, "browsing", false).statusCode(200)
                .body("state", equalTo("withdrawn"))
                .body("consentVersion", equalTo(2))
                .body("expiresAt", nullValue());
        decide(subject, "browsing", false).statusCode(200).body("state", equalTo("denied"));

        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me/history").then()
                .statusCode(200)
                .body("entries.decision", contains("granted", "withdrawn", "denied"))
                .body("entries.consentVersion", contains(1, 2, 3))
                .body("partnerReads.size()", equalTo(0));
    }

    @Test
    void aSubjectSeesOnlyTheirOwnConsents() {
        String alice = newSubject();
        String bob = newSubject();
        decide(alice, "browsing", true).statusCode(200);
        given().auth().oauth2(TestKeys.user(bob)).get("/api/consents/me").then()
                .statusCode(200)
                .body("subject", equalTo(bob))
                .body("consents.state", contains("none", "none", "none"));
        given().auth().oauth2(TestKeys.user(bob)).get("/api/consents/me/history").then()
                .statusCode(200)
                .body("entries.size()", equalTo(0));
    }

    @Test
    void theSameIdempotencyKeyRecordsOneEntry() {
        String subject = newSubject();
        String first = given().auth().oauth2(TestKeys.user(subject)).contentType("application/json")
                .header("Idempotency-Key", "req-1").body("{\"granted\": true}")
                .put("/api/consents/me/purchases").then().statusCode(200)
                .body("replayed", equalTo(false)).extract().path("receipt");
        given().auth().oauth2(TestKeys.user(subject)).contentType("application/json")
                .header("Idempotency-Key", "req-1").body("{\"granted\": true}")
                .put("/api/consents/me/purchases").then().statusCode(200)
                .body("replayed", equalTo(true))
                .body("receipt", equalTo(first));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM outbox_event WHERE message_key = ?",
                ConsentTestSupport.pseudonym(subject)));

        // the same key for a different decision is refused and writes nothing
        given().auth().oauth2(TestKeys.user(subject)).contentType("application/json")
                .header("Idempotency-Key", "req-1").body("{\"granted\": false}")
                .put("/api/consents/me/purchases").then().statusCode(422)
                .contentType("application/problem+json")
                .body("field", equalTo("Idempotency-Key"));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM consent_ledger WHERE subject_ref = ?", ref(subject)));
    }

    @Test
    void ambiguousOrTrailingBodiesAreRefusedAndWriteNothing() {
        String subject = newSubject();
        String token = TestKeys.user(subject);
        Map<String, Long> before = tableCounts(dataSource);
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\":true,\"granted\":false}")
                .put("/api/consents/me/browsing").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("granted"));
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\":true}x")
                .put("/api/consents/me/browsing").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\":true,\"note\":\"hi\"}")
                .put("/api/consents/me/browsing").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("note"));
        assertEquals(before, tableCounts(dataSource));
    }

    @Test
    void aPurposeNoEntityCanHoldIsA4xxNeverA500() {
        String token = TestKeys.user(newSubject());
        Map<String, Long> before = tableCounts(dataSource);
        for (String purpose : new String[] {"%00", "brows%00ing", "%0A", "x".repeat(300)}) {
            given().urlEncodingEnabled(false).auth().oauth2(token).contentType("application/json")
                    .body("{\"granted\": true}").put("/api/consents/me/" + purpose).then()
                    .statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                            .and(org.hamcrest.Matchers.lessThan(500)))
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(TestKeys.partner("p", "consent:read")).urlEncodingEnabled(false)
                .get("/api/partner/consents/a%00b?purpose=browsing").then().statusCode(400);
        given().auth().oauth2(TestKeys.partner("p", "consent:read")).urlEncodingEnabled(false)
                .get("/api/partner/consents/alice?purpose=%00").then().statusCode(400);
        assertEquals(before, tableCounts(dataSource));
    }

    @Test
    void badInputGetsAProblemAndWritesNothing() {
        String subject = newSubject();
        String token = TestKeys.user(subject);
        Map<String, Long> before = tableCounts(dataSource);

        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": true}")
                .put("/api/consents/me/marketing").then()
                .statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", notNullValue())
                .body("type", equalTo("https://personalization.local/problems/not-found"))
                .body("field", equalTo("purpose"));
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": ")
                .put("/api/consents/me/browsing").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{}")
                .put("/api/consents/me/browsing").then()
                .statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("granted"))
                .body("detail", containsString("granted"));
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": \"yes\"}")
                .put("/api/consents/me/browsing").then()
                .statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("granted"));
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": 1}")
                .put("/api/consents/me/browsing").then()
                .statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("granted"));
        given().auth().oauth2(token).contentType("application/json").body("{\"granted\": true, \"channel\": \"fax\"}")
                .put("/api/consents/me/browsing").then()
                .statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("channel"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"granted\": true, \"padding\": \"" + "x".repeat(20_000) + "\"}")
                .put("/api/consents/me/browsing").then()
                .statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
        given().auth().oauth2(token).contentType("text/plain").body("granted")
                .put("/api/consents/me/browsing").then()
                .statusCode(415).contentType("application/problem+json");

        assertEquals(before, tableCounts(dataSource));
    }
}
