package dev.personalization.gateway.resilience;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.ManagementInterface;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallLimitsProfile.class)
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class ResilienceTests {

    private static final AtomicInteger SHOPPERS = new AtomicInteger();
    private static final String NON_PERSONALIZED =
            "{\"personalized\":false,\"buyAgain\":[],\"discover\":[{\"id\":\"p-1\",\"title\":\"Candle\"}]}";

    @InjectFakeBackends
    FakeBackends backends;

    @Inject
    MutableClock clock;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @AfterEach
    void closeCircuits() {
        // an open circuit lets one trial through after open-for; a success closes it for the next test
        backends.resetAll();
        clock.advance(Duration.parse("PT" + SmallLimitsProfile.OPEN_FOR.toUpperCase()).plusSeconds(1));
        for (String path : new String[] {"/api/consents/me", "/api/profile/me", "/api/deals/me"}) {
            given().auth().oauth2(shopper()).get(path);
        }
        backends.resetAll();
    }

    /** A new shopper per request: the profile's shopper bucket is small. */
    private static String shopper() {
        return TestKeys.user("resilience-" + SHOPPERS.incrementAndGet());
    }

    @Test
    void aGetWhoseConnectionDroppedIsSentOnceMore() {
        backends.consent().dropNext(1);
        given().auth().oauth2(shopper()).get("/api/consents/me").then().statusCode(200);
        assertEquals(2, backends.consent().received().size());
    }

    @Test
    void aPutWhoseConnectionDroppedIsNotRepeated() {
        backends.consent().dropNext(1);
        given().auth().oauth2(shopper()).contentType("application/json").body("{\"granted\":true}")
                .put("/api/consents/me/browsing")
                .then().statusCode(503)
                .contentType("application/problem+json");
        assertEquals(1, backends.consent().received().size());
    }

    @Test
    void theCircuitOpensAfterFailuresAnswers503AtOnceAndClosesAfterATrial() {
        backends.profile().answer(500, Map.of("Content-Type", "application/json"), "{}");
        for (int i = 0; i < SmallLimitsProfile.FAILURE_THRESHOLD; i++) {
            given().auth().oauth2(shopper()).get("/api/profile/me").then().statusCode(500);
        }
        given().auth().oauth2(shopper()).get("/api/profile/me")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("type", equalTo(ProblemType.SERVICE_UNAVAILABLE.uri()));
        assertEquals(SmallLimitsProfile.FAILURE_THRESHOLD, backends.profile().received().size(),
                "an open circuit still called the backend");
        ManagementInterface.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'profile-service.circuit'", equalTo("open"))
                .body("checks.find { it.name == 'backends' }.data.state", equalTo("degraded"));
        // other backends are not affected
        given().auth().oauth2(shopper()).get("/api/consents/me").then().statusCode(200);

        backends.profile().reset();
        clock.advance(Duration.ofSeconds(31));
        given().auth().oauth2(shopper()).get("/api/profile/me").then().statusCode(200);
        given().auth().oauth2(shopper()).get("/api/profile/me").then().statusCode(200);
        assertEquals(2, backends.profile().received().size());
    }

    @Test
    void recommendationsDownServeTheLastNonPersonalizedListMarkedStale() {
        backends.recommendation().answer(200, Map.of("Content-Type", "application/json"), NON_PERSONALIZED);
        clock.advance(Duration.ofSeconds(2));
        given().auth().oauth2(shopper()).get("/api/recommendations/me?limit=5")
                .then().statusCode(200)
                .header(StaleRecommendations.STALE_HEADER, nullValue())
                .body("stale", nullValue());

        // a personalized answer is never kept for others
        clock.advance(Duration.ofSeconds(2));
        backends.recommendation().answer(200, Map.of("Content-Type", "application/json"),
                "{\"personalized\":true,\"buyAgain\":[{\"id\":\"mine\"}],\"discover\":[]}");
        given().auth().oauth2(shopper()).get("/api/recommendations/me").then().statusCode(200);

        backends.recommendation().stop();
        try {
            assertTheKeptListIsServed();
            // other routes of the backend say it is down
            given().auth().oauth2(shopper()).get("/api/search?q=candle")
                    .then().statusCode(503)
                    .contentType("application/problem+json");
            ManagementInterface.given().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'backends' }.data.'recommendation-service'", equalTo("DOWN"))
                    .body("checks.find { it.name == 'backends' }.data.state", equalTo("degraded"));
        } finally {
            backends.recommendation().start();
        }
    }

    @Test
    void recommendationsThatCannotBeAnsweredNowServeTheStaleListToo() {
        backends.recommendation().answer(200, Map.of("Content-Type", "application/json"), NON_PERSONALIZED);
        clock.advance(Duration.ofSeconds(2));
        given().auth().oauth2(shopper()).get("/api/recommendations/me").then().statusCode(200)
                .header(StaleRecommendations.STALE_HEADER, nullValue());

        // up, but unable to answer now (its consent view catching up): the shop still gets a list, marked
        backends.recommendation().answer(503, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"" + ProblemType.SERVICE_UNAVAILABLE.uri() + "\",\"status\":503}");
        assertTheKeptListIsServed();
        // the backend's other answers reach the caller as they are
        given().auth().oauth2(shopper()).get("/api/search?q=candle")
                .then().statusCode(503)
                .contentType("application/problem+json");
        assertEquals(3, backends.recommendation().received().size(), "each request reached the backend");
    }

    /** The non-personalized list kept earlier, marked stale. */
    private static void assertTheKeptListIsServed() {
        given().auth().oauth2(shopper()).get("/api/recommendations/me?limit=5")
                .then().statusCode(200)
                .header(StaleRecommendations.STALE_HEADER, "true")
                .body("personalized", equalTo(false))
                .body("stale", equalTo(true))
                .body("discover[0].id", equalTo("p-1"));
    }

    @Test
    void aSlowBackendIsCutOffAtTheRouteTimeout() {
        backends.recommendation().hang();
        given().auth().oauth2(shopper()).get("/api/search?q=candle")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.BACKEND_TIMEOUT.uri()));
        // a timed-out GET is not repeated: the backend may still be working on it
        assertEquals(1, backends.recommendation().received().size());
    }
}
