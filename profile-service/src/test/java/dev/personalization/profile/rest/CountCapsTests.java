package dev.personalization.profile.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.profile.testing.IntakeTestSupport.DATABASE;
import static dev.personalization.profile.testing.IntakeTestSupport.batch;
import static dev.personalization.profile.testing.IntakeTestSupport.grantAll;
import static dev.personalization.profile.testing.IntakeTestSupport.post;
import static dev.personalization.profile.testing.IntakeTestSupport.purchase;
import static dev.personalization.profile.testing.IntakeTestSupport.snapshotsUpTo;
import static dev.personalization.profile.testing.IntakeTestSupport.view;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.profile.testing.IntakeTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every kind is bounded by count as well as by time (defaults: 50 recent product ids, the 50 best-scored
 * categories and price bands): a batch that pushes data past a cap deletes the overflow in its own
 * transaction, and GET /api/profile/me and the snapshot show exactly what is left.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = DATABASE))
class CountCapsTests {

    private static final int CAP = 50;

    @Inject
    DataSource dataSource;

    private long held(String pseudonym, String kind) {
        return count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND kind = ?", pseudonym, kind);
    }

    private long held(String pseudonym, String kind, String item) {
        return count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND kind = ? AND item = ?",
                pseudonym, kind, item);
    }

    @Test
    void theMostRecentProductsAndTheBestScoredCategoriesAreKeptAndTheRestDeleted() {
        String subject = newSubject();
        String pseudonym = pseudonym(subject);
        grantAll(subject, "browsing", "purchases");
        Instant now = Instant.now();
        // 60 products and categories, two a day (v0 29.5 days ago ... v59 now): the ten of the oldest five days
        // go (the day of v10 depends on the time of day, so only the clear cases are checked)
        String views = String.join(",", IntStream.range(0, 60).mapToObj(i ->
                view("v" + i, "cat/" + i, now.minus(Duration.ofHours(12L * (59 - i))))).toList());
        post(subject, "{\"events\":[" + views + "]}").statusCode(202).body("accepted.view", equalTo(60));
        assertEquals(CAP, held(pseudonym, "viewed-product"));
        assertEquals(CAP, held(pseudonym, "category-affinity"));
        assertEquals(0, held(pseudonym, "viewed-product", "v0"));
        assertEquals(0, held(pseudonym, "viewed-product", "v7"));
        assertEquals(1, held(pseudonym, "viewed-product", "v12"));
        // the oldest categories weigh least after decay
        assertEquals(0, held(pseudonym, "category-affinity", "cat/0"));
        assertEquals(1, held(pseudonym, "category-affinity", "cat/59"));

        // an old category viewed often outweighs the newest ones and stays; the newest product pushes out the oldest kept
        List<String> again = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            again.add(view("v0", "cat/0", now.minus(Duration.ofDays(20))));
        }
        again.add(view("fresh", "cat/59", now));
        post(subject, batch(again.toArray(String[]::new))).statusCode(202).body("accepted.view", equalTo(21));
        assertEquals(CAP, held(pseudonym, "viewed-product"));
        assertEquals(1, held(pseudonym, "viewed-product", "fresh"));
        assertEquals(1, held(pseudonym, "category-affinity", "cat/0"));
        assertEquals(CAP, held(pseudonym, "category-affinity"));

        // purchases: product ids by recency, categories by score, on the same caps (one a day: b0..b4 go)
        String purchases = String.join(",", IntStream.range(0, 55).mapToObj(i ->
                purchase("b" + i, "shop/" + i, 1 + i * 5, now.minus(Duration.ofDays(54 - i)))).toList());
        post(subject, "{\"events\":[" + purchases + "]}").statusCode(202).body("accepted.purchase", equalTo(55));
        assertEquals(CAP, held(pseudonym, "purchased-product"));
        assertEquals(CAP, held(pseudonym, "purchased-category"));
        assertEquals(6, held(pseudonym, "price-band"), "six bands, under the cap");
        assertEquals(0, held(pseudonym, "purchased-product", "b4"));
        assertEquals(1, held(pseudonym, "purchased-product", "b5"));
        assertEquals(0, held(pseudonym, "purchased-category", "shop/4"));
        assertEquals(1, held(pseudonym, "purchased-category", "shop/5"));

        // what is held is what is shown and published
        JsonPath profile = given().auth().oauth2(TestKeys.user(subject)).get(IntakeTestSupport.PROFILE).then()
                .statusCode(200).extract().jsonPath();
        List<String> shownBrowsing = profile.getList("purposes.find { it.purpose == 'browsing' }.data.item");
        List<String> shownPurchases = profile.getList("purposes.find { it.purpose == 'purchases' }.data.item");
        assertEquals(2 * CAP, shownBrowsing.size());
        assertEquals(2 * CAP + 6, shownPurchases.size());
        List<JsonNode> published = snapshotsUpTo(pseudonym, 3);
        JsonNode last = published.get(published.size() - 1).path("data");
        assertEquals(3, last.path("snapshotVersion").asLong());
        Set<String> features = new HashSet<>();
        last.path("features").forEach(feature -> features.add(feature.path("kind").asText() + ":"
                + feature.path("item").asText()));
        assertEquals(4 * CAP + 6, features.size());
        assertEquals(4 * CAP + 6, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ?", pseudonym));
    }
}
