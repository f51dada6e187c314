package dev.personalization.profile.config;

import static dev.personalization.profile.testing.ProfileTestSupport.CONSENTS;
import static dev.personalization.profile.testing.ProfileTestSupport.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.infra.testing.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * What operators see: health, metrics and OpenAPI on the management interface, which listens on a
 * port of its own (9002; random in tests); the public port serves none of them.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile_test"))
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
    void openApiDescribesTheService() {
        operator().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("profile-service"))
                .body("paths", hasKey(CONSENTS));
    }

    @Test
    void metricsAreExposed() {
        operator().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
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
