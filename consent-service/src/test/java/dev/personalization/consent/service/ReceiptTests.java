package dev.personalization.consent.service;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.ref;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static dev.personalization.consent.testing.ConsentTestSupport.behindTheServicesBack;
import static dev.personalization.consent.testing.ConsentTestSupport.execute;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.consent.service.ReceiptService;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import dev.personalization.consent.repository.LedgerEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class ReceiptTests {

    @Inject
    ReceiptService receipts;

    @Inject
    LedgerHasher hasher;

    @Test
    void aReceiptVerifiesForAnyValidTokenAndShowsWhatItAttests() {
        String subject = newSubject();
        String receipt = decide(subject, "search", true).statusCode(200).extract().path("receipt");

        given().auth().oauth2(TestKeys.partner("auditor")).contentType("application/json")
                .body(Map.of("receipt", receipt))
                .post("/api/consents/receipts/verify").then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("receipt.subject", equalTo(subject))
                .body("receipt.purpose", equalTo("search"))
                .body("receipt.decision", equalTo("granted"))
                .body("receipt.entryHash", notNullValue());
    }

    @Test
    void changingAnyCharacterOfAReceiptMakesItInvalid() {
        String receipt = decide(newSubject(), "browsing", true).statusCode(200).extract().path("receipt");
        assertTrue(receipts.verify(receipt).valid());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < receipt.length(); i++) {
            char original = receipt.charAt(i);
            // two different replacements per position, including ones that differ only in unused bits
            for (char replacement : new char[] {alphabet.charAt((alphabet.indexOf(original) + 1) % alphabet.length()),
                    alphabet.charAt((alphabet.indexOf(original) + 2) % alphabet.length())}) {
                String tampered = receipt.substring(0, i) + replacement + receipt.substring(i + 1);
                assertFalse(receipts.verify(tampered).valid(), "a change at position " + i + " went unnoticed");
            }
        }
        assertFalse(receipts.verify(receipt + "A").valid());
        assertFalse(receipts.verify(receipt.substring(1)).valid());
    }

    @Test
    void aTamperedReceiptIsReportedInvalidWithAReason() {
        String receipt = decide(newSubject(), "purchases", false).statusCode(200).extract().path("receipt");
        String[] parts = receipt.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("\"denied\"", "\"granted\"").getBytes());
        given().auth().oauth2(TestKeys.user("someone")).contentType("application/json")
                .body(Map.of("receipt", parts[0] + "." + forged + "." + parts[2]))
                .post("/api/consents/receipts/verify").then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("reason", equalTo("signature does not match"));
        given().auth().oauth2(TestKeys.user("someone")).contentType("application/json")
                .body(Map.of("receipt", "not-a-receipt"))
                .post("/api/consents/receipts/verify").then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("reason", notNullValue());
    }

    @Test
    void aReceiptSaysWhetherItIsStillTheSubjectsDecisionAndOnlyTheSubjectOrAnAdminLearnsWhatFollowed() {
        String subject = newSubject();
        String grant = decide(subject, "browsing", true).statusCode(200).extract().path("receipt");
        verifyAs(TestKeys.user(subject), grant)
                .body("valid", equalTo(true))
                .body("inLedger", equalTo(true))
                .body("current", equalTo(true))
                .body("supersededBy", nullValue());

        decide(subject, "browsing", false).statusCode(200);
        for (String insider : new String[] {TestKeys.user(subject), TestKeys.admin("auditor")}) {
            verifyAs(insider, grant)
                    .body("valid", equalTo(true))
                    .body("inLedger", equalTo(true))
                    .body("current", equalTo(false))
                    .body("supersededBy.decision", equalTo("withdrawn"))
                    .body("supersededBy.consentVersion", equalTo(2))
                    .body("supersededBy.recordedAt", notNullValue());
        }
        // a third party learns that the receipt no longer stands, not what the subject decided since
        for (String outsider : new String[] {TestKeys.partner("auditor", "consent:read"), TestKeys.user(newSubject()),
                TestKeys.partner(subject, "consent:read")}) {
            verifyAs(outsider, grant)
                    .body("valid", equalTo(true))
                    .body("inLedger", equalTo(true))
                    .body("current", equalTo(false))
                    .body("$", not(hasKey("supersededBy")));
        }
    }

    @Test
    void aWellSignedReceiptOfAnEntryThatIsNotInTheLedgerIsInvalid() {
        // signed with the service's own key, for an entry the ledger never held
        LedgerEntry invented = new LedgerEntry();
        invented.id = Long.MAX_VALUE - 7;
        invented.subject = newSubject();
        invented.subjectRef = java.util.UUID.randomUUID().toString();
        invented.sealed = "c2VhbGVk";
        invented.purpose = "purchases";
        invented.purposeVersion = 1;
        invented.consentVersion = 1;
        invented.decision = "granted";
        invented.recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        invented.channel = "web";
        invented.actor = invented.subject;
        invented.prevHash = "0".repeat(64);
        invented.chainFormat = LedgerHasher.SEALED;
        invented.entryHash = hasher.hash(invented);
        String receipt = receipts.issue(invented);
        assertTrue(receipts.verify(receipt).valid(), "the signature and the hash hold");
        verifyAs(TestKeys.partner("auditor"), receipt)
                .body("valid", equalTo(false))
                .body("inLedger", equalTo(false))
                .body("reason", containsString("not in the ledger"))
                .body("$", not(hasKey("current")));

        // a real receipt whose entry was removed, or altered, behind the service's back
        String subject = newSubject();
        String removed = decide(subject, "search", true).statusCode(200).extract().path("receipt");
        String altered = decide(subject, "purchases", false).statusCode(200).extract().path("receipt");
        behindTheServicesBack(connection -> {
            execute(connection, "DELETE FROM consent_ledger WHERE subject_ref = ? AND purpose = 'search'", ref(subject));
            execute(connection, "UPDATE consent_ledger SET reason = 'altered' WHERE subject_ref = ? AND purpose = 'purchases'",
                    ref(subject));
        });
        for (String gone : new String[] {removed, altered}) {
            verifyAs(TestKeys.user(subject), gone)
                    .body("valid", equalTo(false))
                    .body("inLedger", equalTo(false))
                    .body("reason", containsString("not in the ledger"));
        }
    }

    private static io.restassured.response.ValidatableResponse verifyAs(String token, String receipt) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("receipt", receipt))
                .post("/api/consents/receipts/verify").then()
                .statusCode(200);
    }

    @Test
    void aMissingReceiptIsAProblem() {
        given().auth().oauth2(TestKeys.user("someone")).contentType("application/json").body("{}")
                .post("/api/consents/receipts/verify").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("field", equalTo("receipt"));
        given().contentType("application/json").body("{\"receipt\":\"x\"}")
                .post("/api/consents/receipts/verify").then()
                .statusCode(401);
    }
}
