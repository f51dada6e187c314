package dev.personalization.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.gateway.testing.FakeBackends;
import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.gateway.testing.InjectFakeBackends;
import dev.personalization.infra.testing.ManagementInterface;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Health, metrics and OpenAPI: served on the management port, never on the public one. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class OperationsTests {

    @InjectFakeBackends
    FakeBackends backends;

    @TestHTTPResource("/")
    URI publicPort;

    @BeforeEach
    void reset() {
        backends.resetAll();
    }

    @Test
    void theManagementInterfaceHasItsOwnPort() {
        URI management = ManagementInterface.uri();
        assertTrue(management.getPort() != publicPort.getPort(), management + " vs " + publicPort);
    }

    @Test
    void livenessIsOpenAndUp() {
        ManagementInterface.given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void readinessReportsEveryBackend() {
        ManagementInterface.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("backends"))
                .body("checks.find { it.name == 'backends' }.data.'consent-service'", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'profile-service'", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data.'recommendation-service'", equalTo("UP"));
    }

    @Test
    void readinessAsksEachBackendsManagementInterface() {
        ManagementInterface.given().when().get("/q/health/ready").then().statusCode(200);

        backends.all().forEach(backend -> assertTrue(backend.received().stream()
                        .anyMatch(request -> request.path().equals(FakeBackendsResource.MANAGEMENT_BASE_PATH
                                + "/q/health/live")),
                backend.service() + " was not asked on its management URL: " + backend.received()));
    }

    @Test
    void readinessStaysUpAndNamesABackendThatIsDown() {
        backends.profile().stop();
        try {
            ManagementInterface.given().when().get("/q/health/ready")
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

        ManagementInterface.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(not(containsString("subject-4711")));
    }

    @Test
    void openApiIsOpenAndDescribesTheGateway() {
        ManagementInterface.given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("info.title", equalTo("Personalization gateway"))
                .body("info.description", containsString("front door"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi",
            "/q/openapi?format=json"})
    void thePublicPortServesNoOperationsEndpoint(String path) {
        given().urlEncodingEnabled(false).when().get(path)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .header("X-Request-Id", notNullValue())
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()))
                .body(not(containsString("http_server_requests")));
    }
}
