package dev.personalization.recommendation.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.catalogWriter;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.putProduct;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.DevTokens;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The product catalog through its API: who may write and read it, what it keeps, how refusals look. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class CatalogResourceTests {

    @Inject
    DataSource dataSource;

    /** A category of its own per test, so that listings are not disturbed by other tests' products. */
    private static String freshCategory() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String productId() {
        return "sku-" + UUID.randomUUID();
    }

    private static String body(String title, String category, String price, String terms) {
        return "{\"title\": \"" + title + "\", \"category\": \"" + category + "\", \"price\": " + price
                + ", \"terms\": " + terms + "}";
    }

    @Test
    void aPartnerCreatesThenReplacesAProduct() {
        String id = productId();
        String category = freshCategory();
        String writer = catalogWriter();

        putProduct(writer, id, body("Wireless headphones", category + "/audio", "129.9", "[\"Wireless\", \"bluetooth\"]"))
                .statusCode(201)
                .header("Location", endsWith("/api/catalog/products/" + id))
                .body("id", equalTo(id))
                .body("title", equalTo("Wireless headphones"))
                .body("category", equalTo(category + "/audio"))
                .body("price", equalTo(129.90f))
                .body("terms", contains("wireless", "bluetooth"))
                .body("updatedAt", notNullValue());
        assertEquals(1, count(dataSource, "SELECT count(*) FROM product WHERE id = ? AND title = 'Wireless headphones' "
                + "AND category_path = ? AND price = 129.90 AND terms = 'wireless bluetooth'", id, category + "/audio"));

        putProduct(writer, id, body("Wired headphones", category + "/audio/wired", "49", "[]"))
                .statusCode(200)
                .body("title", equalTo("Wired headphones"))
                .body("terms", hasSize(0));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM product WHERE id = ?", id));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM product WHERE id = ? AND title = 'Wired headphones' "
                + "AND category_path = ? AND price = 49.00 AND terms = ''", id, category + "/audio/wired"));

        given().auth().oauth2(TestKeys.user("shopper-" + UUID.randomUUID())).get("/api/catalog/products/" + id).then()
                .statusCode(200)
                .body("title", equalTo("Wired headphones"))
                .body("price", equalTo(49.00f));
    }

    @Test
    void anyValidTokenListsProductsFilteredByCategoryPrefix() {
        String category = freshCategory();
        String writer = catalogWriter();
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        String c = "c-" + UUID.randomUUID();
        putProduct(writer, a, body("Kettle", category + "/kitchen", "25", "[\"kettle\"]")).statusCode(201);
        putProduct(writer, b, body("Toaster", category, "30.5", "[]")).statusCode(201);
        putProduct(writer, c, body("Lookalike", category + "-outlet", "1", "[]")).statusCode(201);

        for (String token : new String[] {TestKeys.user("shopper-" + UUID.randomUUID()), TestKeys.partner("p"),
                TestKeys.admin("op")}) {
            given().auth().oauth2(token).queryParam("category", category).get("/api/catalog/products").then()
                    .statusCode(200)
                    .body("products.id", contains(a, b));
        }
        given().auth().oauth2(TestKeys.user("s")).queryParam("category", category + "/kitchen")
                .get("/api/catalog/products").then()
                .statusCode(200)
                .body("products.id", contains(a))
                .body("products[0].terms", contains("kettle"));
        given().auth().oauth2(TestKeys.user("s")).queryParam("limit", "1000").get("/api/catalog/products").then()
                .statusCode(200)
                .body("products.id", org.hamcrest.Matchers.hasItems(a, b, c));
    }

    @Test
    void writingNeedsThePartnerRoleAndTheCatalogWriteScope() {
        String id = productId();
        String body = body("Kettle", freshCategory(), "25", "[]");
        String[] refused = {
            TestKeys.user("shopper-" + UUID.randomUUID()),
            TestKeys.admin("op-" + UUID.randomUUID()),
            TestKeys.partner("partner-" + UUID.randomUUID()),
            TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:read", "recommendations:read"),
            TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:writer"),
            TestKeys.tokens().token("shopper-" + UUID.randomUUID()).groups("user").scopes("catalog:write").sign(),
        };
        for (String token : refused) {
            putProduct(token, id, body)
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("status", equalTo(403));
        }
        assertEquals(0, count(dataSource, "SELECT count(*) FROM product WHERE id = ?", id));
        putProduct(TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:read", "catalog:write"), id, body)
                .statusCode(201);
    }

    @Test
    void invalidFieldsGetA422NamingTheField() {
        String id = productId();
        String category = freshCategory();
        String writer = catalogWriter();
        String[][] cases = {
            {"{\"category\": \"" + category + "\", \"price\": 1}", "title"},
            {body(" ", category, "1", "[]"), "title"},
            {body("x".repeat(201), category, "1", "[]"), "title"},
            {body("Kettle", "", "1", "[]"), "category"},
            {body("Kettle", "Kitchen", "1", "[]"), "category"},
            {body("Kettle", category + "//x", "1", "[]"), "category"},
            {body("Kettle", category + "/%", "1", "[]"), "category"},
            {"{\"title\": \"Kettle\", \"category\": \"" + category + "\"}", "price"},
            {body("Kettle", category, "-1", "[]"), "price"},
            {body("Kettle", category, "1.999", "[]"), "price"},
            {body("Kettle", category, "10000000000", "[]"), "price"},
            {body("Kettle", category, "1", "[\"two words\"]"), "terms[0]"},
            {body("Kettle", category, "1", "[\"ok\", null]"), "terms[1]"},
        };
        for (String[] invalid : cases) {
            putProduct(writer, id, invalid[0])
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("status", equalTo(422))
                    .body("field", equalTo(invalid[1]))
                    .body("detail", containsString(invalid[1].replaceAll("\\[\\d+]", "")));
        }
        putProduct(writer, "bad id!", body("Kettle", category, "1", "[]"))
                .statusCode(422).body("field", equalTo("id"));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM product WHERE id = ?", id));
    }

    @Test
    void malformedBodiesAndQueriesGetA400() {
        String id = productId();
        String writer = catalogWriter();
        putProduct(writer, id, "{\"title\": ").statusCode(400).contentType("application/problem+json");
        putProduct(writer, id, "[1]").statusCode(400).contentType("application/problem+json");
        putProduct(writer, id, body("Kettle", freshCategory(), "\"12.50\"", "[]"))
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("price"));
        putProduct(writer, id, "{\"title\": \"Kettle\", \"category\": \"k\", \"price\": 1, \"terms\": \"kettle\"}")
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("terms"));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM product WHERE id = ?", id));

        String token = TestKeys.user("shopper-" + UUID.randomUUID());
        given().auth().oauth2(token).queryParam("category", "Not A Path").get("/api/catalog/products").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("category"));
        for (String limit : new String[] {"0", "1001", "ten"}) {
            given().auth().oauth2(token).queryParam("limit", limit).get("/api/catalog/products").then()
                    .statusCode(400).contentType("application/problem+json").body("field", equalTo("limit"));
        }
    }

    @Test
    void anUnknownProductIsA404Problem() {
        given().auth().oauth2(TestKeys.user("shopper-" + UUID.randomUUID())).get("/api/catalog/products/" + productId())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.NOT_FOUND.uri()))
                .body("field", equalTo("product"));
    }

    @Test
    void anOversizedBodyIsA413Problem() {
        putProduct(catalogWriter(), productId(), body("x".repeat(300_000), freshCategory(), "1", "[]"))
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.BODY_TOO_LARGE.uri()));
    }

    @Test
    void ambiguousOrUnknownJsonIsA400NamingTheField() {
        String id = productId();
        String writer = catalogWriter();
        String category = freshCategory();
        String[][] cases = {
            {"{\"title\": \"Kettle\", \"title\": \"Toaster\", \"category\": \"" + category + "\", \"price\": 1}", "title"},
            {"{\"title\": \"Kettle\", \"category\": \"" + category + "\", \"price\": 1, \"cardNumber\": \"4111\"}",
                "cardNumber"},
            {"{\"title\": \"Kettle\", \"category\": \"" + category + "\", \"price\": 1, \"terms\": [true]}", "terms.[0]"},
        };
        for (String[] malformed : cases) {
            putProduct(writer, id, malformed[0])
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(ProblemType.MALFORMED_BODY.uri()))
                    .body("field", equalTo(malformed[1]))
                    .body(not(containsString("4111")));
        }
        putProduct(writer, id, body("Kettle", category, "1", "[]") + "x")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.MALFORMED_BODY.uri()));
        putProduct(writer, id, body("Kettle", category, "1", "[]") + " {}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.MALFORMED_BODY.uri()));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM product WHERE id = ?", id));
    }

    @Test
    void aPathNoProductCanHaveIsA4xxProblemNotA500() {
        String token = TestKeys.user("shopper-" + UUID.randomUUID());
        for (String id : new String[] {"%00", "a%0Ab", "%7F", "%C3%28"}) {
            given().auth().oauth2(token).urlEncodingEnabled(false).get("/api/catalog/products/" + id).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(ProblemType.INVALID_PATH.uri()));
        }
        given().auth().oauth2(token).get("/api/catalog/products/" + "a".repeat(300)).then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(catalogWriter()).urlEncodingEnabled(false).contentType("application/json")
                .body(body("Kettle", freshCategory(), "1", "[]")).put("/api/catalog/products/%00").then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).urlEncodingEnabled(false).queryParam("category", "%00")
                .get("/api/catalog/products").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("category"));
    }

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
        List<Function<RequestSpecification, io.restassured.response.Response>> calls = List.of(
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
}
