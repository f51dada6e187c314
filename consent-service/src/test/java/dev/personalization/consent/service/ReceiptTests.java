package dev.personalization.consent.service;

import dev.personalization.consent.testing.ConsentTestSupport;
import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class ReceiptTests {

    @Inject
    ReceiptService receipts;

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
