package dev.personalization.gateway.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackend;
import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class GlobalPrivacyControlTests {

    /** consent-service's answer to GET /api/consents/me (and, the fake answering every path alike, to the PUTs). */
    private static final String CONSENTS = "{\"subject\":\"x\",\"consents\":["
            + "{\"purpose\":\"browsing\",\"state\":\"granted\",\"currentPurposeVersion\":1},"
            + "{\"purpose\":\"purchases\",\"state\":\"none\",\"currentPurposeVersion\":2},"
            + "{\"purpose\":\"search\",\"state\":\"expired\",\"currentPurposeVersion\":1},"
            + "{\"purpose\":\"newsletter\",\"state\":\"withdrawn\",\"currentPurposeVersion\":1},"
            + "{\"purpose\":\"offers\",\"state\":\"denied\",\"currentPurposeVersion\":1}]}";

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
        backends.consent().answer(200, Map.of("Content-Type", "application/json"), CONSENTS);
    }

    @Test
    void aShoppersSignalDeniesEveryUndecidedPurposeOnceWithChannelGpc() {
        String token = TestKeys.user("gpc-shopper");

        given().auth().oauth2(token).header("Sec-GPC", "1")
                .get("/api/recommendations/me")
                .then().statusCode(200)
                .header(GlobalPrivacyControl.RESPONSE_HEADER, GlobalPrivacyControl.APPLIED);

        List<FakeBackend.Received> calls = backends.consent().received();
        assertEquals(3, calls.size(), "one read and two denials");
        assertEquals("GET", calls.get(0).method());
        assertEquals("/api/consents/me", calls.get(0).path());
        List<String> denied = calls.subList(1, 3).stream().map(FakeBackend.Received::path).sorted().toList();
        assertEquals(List.of("/api/consents/me/purchases", "/api/consents/me/search"), denied);
        for (FakeBackend.Received denial : calls.subList(1, 3)) {
            assertEquals("PUT", denial.method());
            assertEquals("{\"granted\":false,\"channel\":\"gpc\"}", denial.bodyText());
            assertEquals("Bearer " + token, denial.header("Authorization").orElseThrow());
            assertTrue(denial.header("Idempotency-Key").orElseThrow().startsWith("gpc-"));
        }
        assertEquals(1, backends.recommendation().received().size());

        // recorded once: the next signalled request goes straight on
        given().auth().oauth2(token).header("Sec-GPC", "1")
                .get("/api/deals/me")
                .then().statusCode(200)
                .header(GlobalPrivacyControl.RESPONSE_HEADER, GlobalPrivacyControl.APPLIED);
        assertEquals(3, backends.consent().received().size());
    }

    @Test
    void withoutTheSignalNothingIsRecorded() {
        given().auth().oauth2(TestKeys.user("no-gpc-shopper")).header("Sec-GPC", "0")
                .get("/api/recommendations/me")
                .then().statusCode(200)
                .header(GlobalPrivacyControl.RESPONSE_HEADER, nullValue());
        assertTrue(backends.consent().received().isEmpty());
    }

    @Test
    void aPartnersSignalRecordsNothing() {
        given().auth().oauth2(TestKeys.partner("gpc-partner", "consent:read")).header("Sec-GPC", "1")
                .get("/api/partner/consents/s-1?purpose=browsing")
                .then().statusCode(200)
                .header(GlobalPrivacyControl.RESPONSE_HEADER, nullValue());
        assertEquals(1, backends.consent().received().size(), "only the forwarded request");
    }

    @Test
    void whenConsentServiceRefusesTheRequestGoesOnWithoutTheHeaderAndIsTriedAgain() {
        backends.consent().answer(503, Map.of("Content-Type", "application/problem+json"), "{}");
        String token = TestKeys.user("gpc-later");
        given().auth().oauth2(token).header("Sec-GPC", "1")
                .get("/api/recommendations/me")
                .then().statusCode(200)
                .header(GlobalPrivacyControl.RESPONSE_HEADER, nullValue());

        backends.consent().answer(200, Map.of("Content-Type", "application/json"), CONSENTS);
        given().auth().oauth2(token).header("Sec-GPC", "1")
                .get("/api/recommendations/me")
                .then().statusCode(200)
                .header(GlobalPrivacyControl.RESPONSE_HEADER, GlobalPrivacyControl.APPLIED);
    }
}
