package dev.personalization.kit.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every refusal of a door is problem+json with the kit's types, through real HTTP. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
class ProblemExceptionMapperTests {

    private static void malformed(String body, String field) {
        var answer = given().contentType("application/json").body(body).post("/kit/orders").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.MALFORMED_BODY.uri()))
                .body("title", equalTo("Malformed body"));
        if (field != null) {
            answer.body("field", equalTo(field));
        }
    }

    @Test
    void aWellFormedBodyIsRead() {
        given().contentType("application/json").body("{\"item\":\"candle\",\"quantity\":2,\"gift\":true}")
                .post("/kit/orders").then().statusCode(200).body("quantity", equalTo(2));
    }

    @Test
    void aDuplicateKeyIsRefusedNamingTheField() {
        malformed("{\"item\":\"candle\",\"gift\":true,\"gift\":false,\"quantity\":1}", "gift");
    }

    @Test
    void contentAfterTheValueIsRefused() {
        malformed("{\"item\":\"candle\",\"quantity\":1,\"gift\":true}x", null);
        malformed("{\"item\":\"candle\",\"quantity\":1,\"gift\":true} {}", null);
    }

    @Test
    void anUnknownFieldIsRefusedNamingIt() {
        malformed("{\"item\":\"candle\",\"quantity\":1,\"gift\":true,\"cardNumber\":\"x\"}", "cardNumber");
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        malformed("{\"item\":\"candle\",\"quantity\":\"2\",\"gift\":true}", "quantity");
        malformed("{\"item\":\"candle\",\"quantity\":2,\"gift\":\"true\"}", "gift");
        malformed("{\"item\":\"candle\",\"quantity\":2,\"gift\":1}", "gift");
        malformed("{\"item\":7,\"quantity\":2,\"gift\":true}", "item");
        malformed("{\"item\":\"candle\",\"quantity\":2.5,\"gift\":true}", "quantity");
    }

    @Test
    void brokenJsonIsRefused() {
        malformed("{\"item\":", null);
        malformed("[1,2]", null);
    }

    @Test
    void anUnknownPathIsAProblem() {
        given().get("/kit/nothing-here").then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()));
    }

    @Test
    void aWrongMethodIsAProblem() {
        given().delete("/kit/orders").then().statusCode(405).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.METHOD_NOT_ALLOWED.uri()));
    }

    @Test
    void aWrongContentTypeIsAProblem() {
        given().contentType("text/plain").body("hello").post("/kit/orders").then().statusCode(415)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void anEndpointWithoutASecurityAnnotationIsRefused() {
        given().get("/kit/forgotten").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(TestKeys.user("alice")).get("/kit/forgotten").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.FORBIDDEN.uri()));
    }

    @Test
    void aRefusalNeverEchoesWhatWasSent() {
        given().contentType("application/json").body("{\"item\":\"secret-value-42\",\"quantity\":\"x\",\"gift\":true}")
                .post("/kit/orders").then().statusCode(400)
                .body(org.hamcrest.Matchers.not(containsString("secret-value-42")));
    }
}
