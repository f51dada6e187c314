package dev.personalization.kit.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.kit.problem.Problem;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Targets no route or entity can hold are 4xx problem+json before any resource sees them. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "kafka", value = "false"))
class RequestTargetGuardTests {

    private static io.restassured.specification.RequestSpecification raw() {
        // the path is sent exactly as written, escapes included
        return given().urlEncodingEnabled(false);
    }

    /** A request written by hand: HTTP clients refuse to send a broken escape. */
    private static String statusLineOf(String target) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", RestAssured.port)) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anOrdinaryIdPasses() {
        raw().get("/kit/items/85123A").then().statusCode(200).body("id", equalTo("85123A"));
        raw().get("/kit/items/caf%C3%A9").then().statusCode(200).body("id", equalTo("café"));
    }

    @Test
    void aNulInThePathIs400() {
        raw().get("/kit/items/%00").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.INVALID_PATH.uri()));
    }

    @Test
    void otherControlCharactersInThePathAre400() {
        for (String escape : new String[] {"%01", "%0A", "%0d", "%1F", "%7F", "a%00b"}) {
            raw().get("/kit/items/" + escape).then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void brokenEscapesAre400() {
        org.junit.jupiter.api.Assertions.assertTrue(statusLineOf("/kit/items/%ZZ").contains(" 400 "));
        raw().get("/kit/items/%C3%28").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void anOverLongSegmentIs400() {
        raw().get("/kit/items/" + "a".repeat(257)).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.INVALID_PATH.uri()));
        raw().get("/kit/items/" + "a".repeat(256)).then().statusCode(200);
    }

    @Test
    void aQueryParameterGivenTwiceIs400NamingIt() {
        raw().get("/kit/items/85123A?limit=5&limit=6").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.INVALID_QUERY.uri())).body("field", equalTo("limit"));
        raw().get("/kit/items/85123A?limit=5&offset=6").then().statusCode(200);
    }

    @Test
    void anOverLongPathIs414() {
        raw().get("/kit/items/" + "a/".repeat(1100)).then().statusCode(414).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void anOverLongQueryIs414ProblemJsonNotVertxBareAnswer() {
        // over Vert.x' default request line limit (4096), under the suite's 8192: still served
        raw().get("/kit/items/x?q=" + "a".repeat(6000)).then().statusCode(200);
        // over the suite's limit: the kit's problem, not an empty 414
        raw().get("/kit/items/x?q=" + "a".repeat(9000)).then().statusCode(414).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.URI_TOO_LONG.uri()))
                .body("status", equalTo(414));
    }

    @Test
    void aNulInTheQueryIs400NamingTheParameter() {
        raw().get("/kit/items/x?q=%00").then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemType.INVALID_QUERY.uri()))
                .body("field", equalTo("q"));
    }
}
