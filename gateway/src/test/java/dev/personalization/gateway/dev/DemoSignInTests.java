package dev.personalization.gateway.dev;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo sign-in turned on, as in the dev profile and what {@code ./suite up} starts. */
@QuarkusTest
@TestProfile(DemoSignInTests.DemoOn.class)
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class DemoSignInTests {

    public static class DemoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.demo.enabled", "true",
                    "gateway.demo.signing-key", TestKeys.keys().privateKey("jwt").toString());
        }
    }

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void listsTheDemoShoppersWithoutAToken() {
        given().get("/dev/shoppers").then()
                .statusCode(200)
                .body("shoppers", contains("demo-shopper-1", "demo-shopper-2", "demo-shopper-3"));
    }

    @Test
    void issuesAFifteenMinuteUserTokenThatTheGatewayAccepts() throws Exception {
        String token = given().contentType("application/json").body("{\"subject\": \"demo-shopper-2\"}")
                .post("/dev/token").then()
                .statusCode(200)
                .body("subject", equalTo("demo-shopper-2"))
                .extract().path("token");

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals("demo-shopper-2", claims.get("sub").asText());
        assertEquals("user", claims.get("groups").get(0).asText());
        assertEquals(DevTokens.ISSUER, claims.get("iss").asText());
        assertEquals(900, claims.get("exp").asLong() - claims.get("iat").asLong());

        given().auth().oauth2(token).get("/api/consents/me").then()
                .statusCode(200)
                .body("service", equalTo("consent-service"));
        assertEquals("Bearer " + token,
                backends.named("consent-service").onlyRequest().header("Authorization").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "demo-", "demo-Shopper", "demo-a b", "admin-demo-1"})
    void refusesSubjectsThatAreNotDemoShoppers(String subject) {
        given().contentType("application/json").body(Map.of("subject", subject))
                .post("/dev/token").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("field", equalTo("subject"));
    }

    @Test
    void refusesABodyWithoutSubjectOrWithUnknownFields() {
        given().contentType("application/json").body("{}").post("/dev/token").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("subject"));
        given().contentType("application/json").body("{\"subject\": \"demo-shopper-1\", \"groups\": [\"admin\"]}")
                .post("/dev/token").then()
                .statusCode(400).contentType("application/problem+json");
    }
}
