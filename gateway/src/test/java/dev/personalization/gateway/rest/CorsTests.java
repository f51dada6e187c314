package dev.personalization.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The allow-list is https://shop.example in tests (quarkus.http.cors.origins). */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class CorsTests {

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void aPreflightFromAListedOriginIsAllowed() {
        given().header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,sec-gpc")
                .options("/api/consents/me/browsing")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://shop.example")
                .header("Access-Control-Allow-Methods", containsString("PUT"));
        assertTrue(backends.consent().received().isEmpty(), "a preflight was forwarded");
    }

    @Test
    void aPreflightFromAnUnlistedOriginIsRefused() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "PUT")
                .options("/api/consents/me/browsing")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        assertTrue(backends.consent().received().isEmpty(), "a preflight was forwarded");
    }

    @Test
    void anAllowedOriginSeesTheGatewaysHeaders() {
        given().header("Origin", "https://shop.example")
                .auth().oauth2(TestKeys.user("cors-shopper"))
                .get("/api/consents/me")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://shop.example"))
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
    }
}
