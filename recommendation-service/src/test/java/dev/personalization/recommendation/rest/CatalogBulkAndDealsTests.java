package dev.personalization.recommendation.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.putProduct;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.contracts.Topics;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestEvents;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Bulk catalog writes, ownership, the catalog's events on the real broker, and promotions. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_svc_test"))
class CatalogBulkAndDealsTests {

    @Inject
    DataSource dataSource;

    private static String category() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String product(String id, String title, String category, String price) {
        return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"category\": \"" + category + "\", \"price\": "
                + price + ", \"terms\": [\"gift\"]}";
    }

    private static io.restassured.response.ValidatableResponse bulk(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).post("/api/catalog/products")
                .then();
    }

    @Test
    void aBulkWriteStoresAllOrNothingAndNamesTheIndexAndField() {
        String writer = TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
        String category = category();
        List<String> ids = List.of("b-" + UUID.randomUUID(), "b-" + UUID.randomUUID(), "b-" + UUID.randomUUID());
        String good = "[" + product(ids.get(0), "Vanilla candle", category + "/candles", "4.5") + ","
                + product(ids.get(1), "Tea light holder", category + "/candles", "2") + ","
                + product(ids.get(2), "Lantern", category, "12") + "]";
        String bad = "[" + product("x-" + UUID.randomUUID(), "Fine", category, "1") + ","
                + product("x-" + UUID.randomUUID(), "Broken", category, "-3") + "]";
        bulk(writer, bad).statusCode(422).contentType("application/problem+json").body("field", equalTo("[1].price"));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM product WHERE category_path = ?", category));
        bulk(writer, "[" + product(ids.get(0), "A", category, "1") + ", {\"id\": \"z\", \"color\": 1}]")
                .statusCode(400).contentType("application/problem+json");

        bulk(writer, good).statusCode(200).body("created", equalTo(3)).body("replaced", equalTo(0));
        bulk(writer, good).statusCode(200).body("created", equalTo(0)).body("replaced", equalTo(3));
        assertEquals(3, count(dataSource, "SELECT count(*) FROM product WHERE category_path LIKE ?", category + "%"));

        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        bulk(writer, tooMany + "]").statusCode(422).contentType("application/problem+json");
        bulk(TestKeys.partner("p-" + UUID.randomUUID(), "catalog:read"), good).statusCode(403);
        bulk(TestKeys.user("shopper-" + UUID.randomUUID()), good).statusCode(403);
    }

    @Test
    void aProductBelongsToThePartnerThatCreatedIt() {
        String owner = TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
        String other = TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
        String id = "o-" + UUID.randomUUID();
        String body = "{\"title\": \"Candle\", \"category\": \"" + category() + "\", \"price\": 3}";
        putProduct(owner, id, body).statusCode(201).header("Location", startsWith("/api/catalog/products/"));
        putProduct(other, id, body).statusCode(403).contentType("application/problem+json");
        bulk(other, "[" + product(id, "Taken", category(), "1") + "]").statusCode(403).body("field", equalTo("[0].id"));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM product WHERE id = ? AND title = 'Candle'", id));
        putProduct(owner, id, body).statusCode(200);
    }

    @Test
    void theCatalogsVocabularyGoesOutOnTheCatalogTopicWithoutPrices() {
        String writer = TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
        String id = "v-" + UUID.randomUUID();
        String category = category() + "/candles";
        putProduct(writer, id, "{\"title\": \"Scented Soy Candle\", \"category\": \"" + category
                + "\", \"price\": 7.5, \"terms\": [\"vanilla\"], \"sensitive\": false}").statusCode(201);
        List<JsonNode> events = TestEvents.read(TestKafka.bootstrapServers(), Topics.CATALOG_PRODUCTS, id, 1,
                Duration.ofSeconds(30));
        assertEquals(1, events.size());
        JsonNode data = events.get(0).get("data");
        assertEquals(id, data.get("productId").asText());
        assertEquals(category, data.get("category").asText());
        List<String> terms = new ArrayList<>();
        data.get("terms").forEach(t -> terms.add(t.asText()));
        assertTrue(terms.containsAll(List.of("scented", "soy", "candle", "vanilla")), terms.toString());
        // the payload, not the envelope: an event time such as 10:21:17.5 would hold "7.5" too
        assertFalse(data.has("price") || data.toString().contains("7.5"), "no price on the topic");
        assertEquals("catalog.product.v1", events.get(0).get("type").asText());
    }

    @Test
    void partnersWithDealsWritePublishPromotions() {
        String catalog = TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write");
        String dealer = TestKeys.partner("dealer-" + UUID.randomUUID(), "deals:write");
        String productId = "d-" + UUID.randomUUID();
        putProduct(catalog, productId, "{\"title\": \"Mug\", \"category\": \"" + category() + "\", \"price\": 6}")
                .statusCode(201);
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Instant until = Instant.now().plus(Duration.ofDays(7));
        String id = "deal-" + UUID.randomUUID();
        String body = "{\"productId\": \"" + productId + "\", \"percentOff\": 20, \"validFrom\": \"" + from
                + "\", \"validUntil\": \"" + until + "\"}";
        given().auth().oauth2(dealer).contentType("application/json").body(body).put("/api/deals/" + id).then()
                .statusCode(201)
                .header("Location", equalTo("/api/deals/" + id))
                .body("productId", equalTo(productId))
                .body("percentOff", equalTo(20))
                .body(not(org.hamcrest.Matchers.containsString("127.0.0.1")));
        given().auth().oauth2(dealer).contentType("application/json").body(body).put("/api/deals/" + id).then()
                .statusCode(200);
        given().auth().oauth2(TestKeys.partner("dealer-" + UUID.randomUUID(), "deals:write"))
                .contentType("application/json").body(body).put("/api/deals/" + id).then().statusCode(403);
        given().auth().oauth2(catalog).contentType("application/json").body(body).put("/api/deals/" + id).then()
                .statusCode(403);
        String[][] invalid = {
            {"{\"productId\": \"" + productId + "\", \"percentOff\": 91, \"validFrom\": \"" + from
                    + "\", \"validUntil\": \"" + until + "\"}", "percentOff"},
            {"{\"productId\": \"" + productId + "\", \"percentOff\": 0, \"validFrom\": \"" + from
                    + "\", \"validUntil\": \"" + until + "\"}", "percentOff"},
            {"{\"productId\": \"nope-" + UUID.randomUUID() + "\", \"percentOff\": 5, \"validFrom\": \"" + from
                    + "\", \"validUntil\": \"" + until + "\"}", "productId"},
            {"{\"productId\": \"" + productId + "\", \"category\": \"home\", \"percentOff\": 5, \"validFrom\": \""
                    + from + "\", \"validUntil\": \"" + until + "\"}", "productId"},
            {"{\"category\": \"home\", \"percentOff\": 5, \"validFrom\": \"" + until + "\", \"validUntil\": \"" + from
                    + "\"}", "validUntil"},
            {"{\"category\": \"Not A Path\", \"percentOff\": 5, \"validFrom\": \"" + from + "\", \"validUntil\": \""
                    + until + "\"}", "category"},
        };
        for (String[] bad : invalid) {
            given().auth().oauth2(dealer).contentType("application/json").body(bad[0]).put("/api/deals/x-" + UUID.randomUUID())
                    .then().statusCode(422).contentType("application/problem+json").body("field", equalTo(bad[1]));
        }
        given().auth().oauth2(dealer).contentType("application/json")
                .body("{\"category\": \"home\", \"percentOff\": 5, \"validFrom\": \"yesterday\"}")
                .put("/api/deals/x-" + UUID.randomUUID()).then().statusCode(400).body("field", equalTo("validFrom"));
    }
}
