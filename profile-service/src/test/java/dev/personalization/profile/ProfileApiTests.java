package dev.personalization.profile;

import static dev.personalization.profile.ProfileTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Who may read the profile API, how errors look, and what operators see on /q. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile_test"))
class ProfileApiTests {

    private static final String CONSENTS = "/api/profile/me/consents";

    @Test
    void aRequestWithoutAValidTokenGetsA401Problem() {
        String subject = newSubject();
        DevTokens trusted = TestKeys.tokens();
        String[] invalid = {
            trusted.token(subject).issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(5)).sign(),
            trusted.token(subject).issuer("https://someone-else.example").sign(),
            trusted.token(subject).audience("another-audience").sign(),
            TestKeys.untrusted().token(subject).sign(),
            "not-a-jwt",
        };
        given().get(CONSENTS).then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        for (String token : invalid) {
            given().auth().oauth2(token).get(CONSENTS).then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/problem+json")
                    .body("status", equalTo(401));
        }
    }

    @Test
    void aValidTokenWithoutTheUserRoleGetsA403Problem() {
        String subject = newSubject();
        for (String token : new String[] {TestKeys.partner(subject, "consent:read"), TestKeys.admin(subject)}) {
            given().auth().oauth2(token).get(CONSENTS).then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403))
                    .body("type", containsString("forbidden"));
        }
    }

    @Test
    void anUnknownPathIsA404Problem() {
        given().auth().oauth2(TestKeys.user(newSubject())).get("/api/profile/me/nothing-here").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void anOversizedBodyIsRefusedWithA413Problem() {
        given().auth().oauth2(TestKeys.user(newSubject())).contentType("application/json")
                .body("{\"padding\": \"" + "x".repeat(70_000) + "\"}")
                .post(CONSENTS).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void errorsNeverEchoTheSubject() {
        String subject = newSubject();
        given().auth().oauth2(TestKeys.partner(subject)).get(CONSENTS).then()
                .statusCode(403)
                .body(not(containsString(subject)));
    }

    @Test
    void readinessReportsTheDatabaseAndKafka() {
        dev.personalization.infra.testing.Eventually.await("readiness", ProfileTestSupport.TIMEOUT,
                () -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Database"), containsString("Messaging")));
    }

    @Test
    void openApiDescribesTheService() {
        given().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("profile-service"))
                .body("paths", org.hamcrest.Matchers.hasKey(CONSENTS));
    }

    @Test
    void metricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
