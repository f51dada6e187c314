package dev.personalization.gateway.dev;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.personalization.gateway.testing.FakeBackendsResource;
import dev.personalization.infra.testing.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page is served to anyone; the demo sign-in is off unless turned on. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
@QuarkusTestResource(FakeBackendsResource.class)
class ShopPageTests {

    @Test
    void servesThePageWithoutAToken() {
        given().get("/").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<script type=\"module\" src=\"/app/app.js\">"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/app.js", "/app/api.js", "/app/ui.js", "/app/shop.js", "/app/privacy.js"})
    void servesTheModulesAsJavaScript(String path) {
        given().get(path).then()
                .statusCode(200)
                .contentType(containsString("javascript"));
    }

    @Test
    void servesTheStylesheet() {
        given().get("/app/styles.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void theDemoSignInDoesNotExistUnlessTurnedOn() {
        given().contentType("application/json").body("{\"subject\": \"demo-shopper-1\"}")
                .post("/dev/token").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/dev/shoppers").then().statusCode(404).contentType("application/problem+json");
    }
}
