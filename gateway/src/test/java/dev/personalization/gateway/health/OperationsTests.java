package dev.personalization.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

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

@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class OperationsTests {

    @InjectFakeBackends
    FakeBackends backends;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void livenessIsOpenAndUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void readinessReportsEveryBackend() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("backends"))
                .body("checks.find { it.name == 'backends' }.data.'consent-service'", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'profile-service'", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'recommendation-service'", equalTo("UP"));
    }

    @Test
    void readinessStaysUpAndNamesABackendThatIsDown() {
        backends.profile().stop();
        try {
            given().when().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'backends' }.data.'profile-service'", equalTo("DOWN"))
                    .body("checks.find { it.name == 'backends' }.data.'consent-service'", equalTo("UP"));
        } finally {
            backends.profile().start();
        }
    }

    @Test
    void metricsAreOpenAndCarryNoSubjectFromAPath() {
        given().auth().oauth2(TestKeys.partner("partner-1", "consent:read"))
                .when().get("/api/partner/consents/subject-4711?purpose=browsing")
                .then().statusCode(200);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(not(containsString("subject-4711")));
    }

    @Test
    void openApiIsOpenAndDescribesTheGateway() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("info.title", equalTo("Personalization gateway"))
                .body("info.description", containsString("front door"));
    }
}
