package dev.personalization.recommendation.config;

import static dev.personalization.recommendation.testing.RecommendationTestSupport.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What operators see: health, metrics and OpenAPI on the management interface, which listens on a
 * port of its own (9003; random in tests); the public port serves none of them.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class ManagementInterfaceTests {

    private static RequestSpecification operator() {
        return ManagementInterface.given();
    }

    @Test
    void readinessReportsTheDatabaseAndKafka() {
        Eventually.await("readiness", TIMEOUT, () -> operator().get("/q/health/ready").statusCode() == 200);
        operator().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Database"), equalTo("consent-view")));
    }

    @Test
    void openApiDescribesTheCatalog() {
        operator().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("recommendation-service"))
                .body("paths", hasKey("/api/catalog/products"))
                .body("paths", hasKey("/api/catalog/products/{id}"));
    }

    @Test
    void metricsAreExposed() {
        given().auth().oauth2(TestKeys.user("shopper-" + UUID.randomUUID())).get("/api/catalog/products")
                .then().statusCode(200);
        operator().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void thePublicPortServesNoOperatorEndpoints() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/openapi"}) {
            given().get(path).then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        Eventually.await("health", TIMEOUT, () -> operator().get("/q/health").statusCode() == 200);
        operator().get("/q/metrics").then().statusCode(200);
    }
}
