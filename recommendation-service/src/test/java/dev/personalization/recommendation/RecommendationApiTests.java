package dev.personalization.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Tokens at the door, and what operators see on /q. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class RecommendationApiTests {

    @Test
    void aRequestWithoutAValidTokenGetsA401Problem() {
        String subject = "partner-" + UUID.randomUUID();
        DevTokens trusted = TestKeys.tokens();
        String[] invalid = {
            trusted.token(subject).groups("partner").scopes("catalog:write")
                    .issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(5)).sign(),
            trusted.token(subject).groups("partner").scopes("catalog:write").issuer("https://someone-else.example").sign(),
            trusted.token(subject).groups("partner").scopes("catalog:write").audience("another-audience").sign(),
            TestKeys.untrusted().token(subject).groups("partner").scopes("catalog:write").sign(),
            "not-a-jwt",
        };
        String body = "{\"title\": \"Kettle\", \"category\": \"kitchen\", \"price\": 1}";
        String id = "sku-" + UUID.randomUUID();
        java.util.List<Function<RequestSpecification, io.restassured.response.Response>> calls = java.util.List.of(
                request -> request.get("/api/catalog/products"),
                request -> request.get("/api/catalog/products/" + id),
                request -> request.contentType("application/json").body(body).put("/api/catalog/products/" + id));
        for (Function<RequestSpecification, io.restassured.response.Response> call : calls) {
            call.apply(given()).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
            for (String token : invalid) {
                call.apply(given().auth().oauth2(token)).then()
                        .statusCode(401)
                        .header("WWW-Authenticate", containsString("Bearer"))
                        .contentType("application/problem+json");
            }
        }
    }

    @Test
    void readinessReportsTheDatabaseAndKafka() {
        dev.personalization.infra.testing.Eventually.await("readiness", RecommendationTestSupport.TIMEOUT,
                () -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Database"), containsString("Messaging")));
    }

    @Test
    void openApiDescribesTheCatalog() {
        given().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("recommendation-service"))
                .body("paths", hasKey("/api/catalog/products"))
                .body("paths", hasKey("/api/catalog/products/{id}"));
    }

    @Test
    void metricsAreExposed() {
        given().auth().oauth2(TestKeys.user("shopper-" + UUID.randomUUID())).get("/api/catalog/products")
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }
}
