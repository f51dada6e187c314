package dev.personalization.gateway.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.gateway.testing.MutableClock;
import dev.personalization.gateway.testing.SmallLimitsProfile;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallLimitsProfile.class)
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class LimitsTests {

    @InjectFakeBackends
    FakeBackends backends;

    @Inject
    MutableClock clock;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void aShopperOverTheBurstGets429WithRetryAfterUntilATokenIsBack() {
        String token = TestKeys.user("limited-shopper");
        for (int i = 0; i < SmallLimitsProfile.SHOPPER_BURST; i++) {
            given().auth().oauth2(token).get("/api/consents/me").then().statusCode(200);
        }
        given().auth().oauth2(token).get("/api/recommendations/me")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "10")
                .body("type", equalTo(ProblemType.TOO_MANY_REQUESTS.uri()))
                .body("status", equalTo(429));
        assertEquals(SmallLimitsProfile.SHOPPER_BURST, backends.consent().received().size());
        assertEquals(0, backends.recommendation().received().size(), "a refused request was forwarded");

        // another shopper has a bucket of its own
        given().auth().oauth2(TestKeys.user("other-shopper")).get("/api/consents/me").then().statusCode(200);

        clock.advance(Duration.ofSeconds(4));
        given().auth().oauth2(token).get("/api/consents/me").then().statusCode(429).header("Retry-After", "6");
        clock.advance(Duration.ofSeconds(6));
        given().auth().oauth2(token).get("/api/consents/me").then().statusCode(200);
        given().auth().oauth2(token).get("/api/consents/me").then().statusCode(429);
    }

    @Test
    void aPartnerClientIsCountedOnItsOwnRouteClass() {
        String partner = TestKeys.partner("limited-partner", "consent:read");
        for (int i = 0; i < SmallLimitsProfile.PARTNER_BURST; i++) {
            given().auth().oauth2(partner).get("/api/partner/consents/s-1?purpose=browsing").then().statusCode(200);
        }
        given().auth().oauth2(partner).get("/api/partner/recommendations/s-1")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "1");
        // the shared class (catalog) keeps its own, larger allowance
        given().auth().oauth2(partner).get("/api/catalog/products").then().statusCode(200);

        clock.advance(Duration.ofSeconds(1));
        given().auth().oauth2(partner).get("/api/partner/consents/s-1?purpose=browsing").then().statusCode(200);
    }

    @Test
    void headersOverTheLimitGet431ProblemJson() {
        given().auth().oauth2(TestKeys.user("header-shopper"))
                .header("X-Filler", "x".repeat(17 * 1024))
                .get("/api/consents/me")
                .then().statusCode(431)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.HEADERS_TOO_LARGE.uri()))
                .body("status", equalTo(431));
        assertEquals(0, backends.consent().received().size());
    }
}
