package dev.personalization.recommendation.catalog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * What {@code ./suite up} loads (load_demo_catalog runs DemoCatalog against the gateway): the data set's
 * products and the four demo promotions, written here through the service's own API from the real data file.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_test"))
class DemoCatalogTests {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    private final String partner = "demo-catalog-" + UUID.randomUUID();

    /** The test classes of this module share one database: the 3,651 demo products must not stay in their lists. */
    @AfterEach
    void removeTheDemoCatalog() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement deals = connection.prepareStatement("DELETE FROM deal WHERE owner = ?");
             PreparedStatement products = connection.prepareStatement("DELETE FROM product WHERE owner = ?")) {
            deals.setString(1, partner);
            deals.executeUpdate();
            products.setString(1, partner);
            products.executeUpdate();
        }
    }

    @Test
    void loadsTheDocumentedProductsAndPromotions() throws Exception {
        Path data = Path.of("../data/online-retail/online-retail-2010-12-to-2011-11.csv.xz").toAbsolutePath().normalize();
        assertTrue(Files.exists(data), "the data set is part of the repository: " + data);
        List<DemoCatalog.DemoProduct> products;
        try (InputStream in = new XZInputStream(Files.newInputStream(data))) {
            products = DemoCatalog.products(in);
        }
        assertEquals(3651, products.size(), "one product per stock code of five digits (and letters)");

        String token = TestKeys.partner(partner, "catalog:write", "deals:write");
        String gateway = base.toString().replaceAll("/$", "");
        int[] loaded = DemoCatalog.load(HttpClient.newHttpClient(), gateway, token, products, Instant.now());
        assertEquals(3651, loaded[0]);
        assertEquals(4, loaded[1]);
        // idempotent: a second ./suite up loads the same catalog again
        DemoCatalog.load(HttpClient.newHttpClient(), gateway, token, products, Instant.now());

        String reader = TestKeys.user("shopper-" + UUID.randomUUID());
        JsonPath all = given().auth().oauth2(reader).get("/api/catalog/products?limit=1000").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1000, all.getList("products").size());
        JsonPath heart = given().auth().oauth2(reader).get("/api/catalog/products/85123A").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("White Hanging Heart T-Light Holder", heart.getString("title"));
        assertEquals("home/candles", heart.getString("category"));
        assertEquals(2.95f, heart.getFloat("price"));
        // every category promotion reaches products of the catalog
        for (String category : List.of("home/candles", "christmas", "kitchen")) {
            int inCategory = given().auth().oauth2(reader).queryParam("category", category).queryParam("limit", 1000)
                    .get("/api/catalog/products").then().statusCode(200).extract().jsonPath().getList("products").size();
            assertTrue(inCategory > 20, category + ": " + inCategory);
        }

        JsonPath deals = given().auth().oauth2(reader).get("/api/deals/me?limit=50").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("demo-christmas", "demo-heart-holder", "demo-candles", "demo-kitchen"),
                deals.getList("deals.id"), "most generous first");
        assertEquals("85123A", deals.getString("deals[1].product.id"));
        assertEquals(List.of(25, 20, 15, 10), deals.getList("deals.percentOff"));
    }
}
