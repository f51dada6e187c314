package dev.personalization.profile.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.profile.testing.IntakeTestSupport.DATABASE;
import static dev.personalization.profile.testing.IntakeTestSupport.PROFILE;
import static dev.personalization.profile.testing.IntakeTestSupport.batch;
import static dev.personalization.profile.testing.IntakeTestSupport.grantAll;
import static dev.personalization.profile.testing.IntakeTestSupport.post;
import static dev.personalization.profile.testing.IntakeTestSupport.publishProduct;
import static dev.personalization.profile.testing.IntakeTestSupport.purchase;
import static dev.personalization.profile.testing.IntakeTestSupport.search;
import static dev.personalization.profile.testing.IntakeTestSupport.tablesContaining;
import static dev.personalization.profile.testing.IntakeTestSupport.topicsContaining;
import static dev.personalization.profile.testing.IntakeTestSupport.view;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.consentview.service.ConsentTopicReader;
import dev.personalization.infra.testing.Eventually;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestDatabase;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.profile.testing.IntakeTestSupport;
import dev.personalization.profile.testing.ProfileTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * POST /api/activity over the real broker-fed consent view and a real database: consent at the door,
 * minimization, pseudonyms at rest, refusals of malformed bodies and payment data, and the raw query that
 * never reaches a table, a log line or a topic.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = DATABASE))
class ActivityIntakeTests {

    @Inject
    DataSource dataSource;

    @Inject
    ConsentTopicReader reader;

    private long held(String subject) {
        return count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ?", pseudonym(subject));
    }

    @Test
    void consentedEventsAreKeptMinimizedAndTheRestDroppedAndCounted() {
        String subject = newSubject();
        grantAll(subject, "browsing");
        Instant now = Instant.now();
        post(subject, batch(view("85123A", "home/candles", now), view("22423", "Home/Candles", now.minusSeconds(60)),
                purchase("85123A", "home/candles", 2.55, now), search("white candle", now)))
                .statusCode(202)
                .body("received", equalTo(4))
                .body("accepted.view", equalTo(2))
                .body("accepted.purchase", equalTo(0))
                .body("accepted.search", equalTo(0))
                .body("dropped", hasSize(2))
                .body("dropped.find { it.type == 'purchase' }.reason", equalTo("no-consent"))
                .body("dropped.find { it.type == 'purchase' }.count", equalTo(1))
                .body("dropped.find { it.type == 'search' }.reason", equalTo("no-consent"));

        String pseudonym = pseudonym(subject);
        // browsing keeps a category affinity (both views, the category normalized) and the viewed product ids
        assertEquals(3, held(subject));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose = 'browsing' "
                + "AND kind = 'category-affinity' AND item = 'home/candles' AND consent_version = 1 AND score > 1.9", pseudonym));
        assertEquals(2, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND kind = 'viewed-product'",
                pseudonym));
        // kept to the day, expiring 30 days (browsing's window) after the day last seen
        assertEquals(3, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? "
                + "AND last_seen = date_trunc('day', last_seen) AND expires_at = last_seen + interval '30 days'", pseudonym));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose <> 'browsing'",
                pseudonym));

        JsonPath profile = given().auth().oauth2(TestKeys.user(subject)).get(PROFILE).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("browsing", "purchases", "search"), profile.getList("purposes.purpose"));
        Map<String, Object> affinity = profile.getMap(
                "purposes.find { it.purpose == 'browsing' }.data.find { it.kind == 'category-affinity' }");
        assertEquals("home/candles", affinity.get("item"));
        assertEquals("view", affinity.get("source"));
        assertEquals(1, affinity.get("consentVersion"));
        Instant lastSeen = Instant.parse((String) affinity.get("lastSeen"));
        assertEquals(now.truncatedTo(ChronoUnit.DAYS), lastSeen);
        assertEquals(lastSeen, Instant.parse((String) affinity.get("firstSeen")));
        assertEquals(lastSeen.plus(Duration.ofDays(30)), Instant.parse((String) affinity.get("expiresAt")));
        assertEquals(30, profile.getInt("purposes.find { it.purpose == 'browsing' }.retentionDays"));
        assertEquals(List.of(), profile.getList("purposes.find { it.purpose == 'search' }.data"));
    }

    @Test
    void withoutAnyConsentNothingIsKept() {
        String subject = newSubject();
        Instant now = Instant.now();
        post(subject, batch(view("1", "home", now), purchase("1", "home", 3, now), search("lamp", now)))
                .statusCode(202)
                .body("accepted.view", equalTo(0))
                .body("dropped.count.sum()", equalTo(3));
        assertEquals(0, held(subject));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM profile_subject WHERE pseudonym = ?", pseudonym(subject)));
    }

    @Test
    void eventsFromTheFutureOrPastTheRetentionWindowAreDroppedAsInvalid() {
        String subject = newSubject();
        grantAll(subject, "browsing", "purchases");
        Instant now = Instant.now();
        post(subject, batch(view("1", "home", now.plus(Duration.ofHours(1))), view("2", "home", now.minus(Duration.ofDays(31))),
                purchase("3", "home", -1, now), view("4", "home", now)))
                .statusCode(202)
                .body("accepted.view", equalTo(1))
                .body("dropped.find { it.type == 'view' }.reason", equalTo("invalid"))
                .body("dropped.find { it.type == 'view' }.count", equalTo(2))
                .body("dropped.find { it.type == 'purchase' }.reason", equalTo("invalid"));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND item IN ('1', '2', '3')",
                pseudonym(subject)));
    }

    @Test
    void malformedBatchesAre400ProblemsNamingTheFieldAndNothingIsStored() {
        String subject = newSubject();
        grantAll(subject, "browsing", "search");
        Instant now = Instant.now();
        String good = view("85123A", "home/candles", now);
        Object[][] cases = {
            {batch(good, "{\"type\":\"click\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}"), "events[1].type"},
            {batch(good.replace("}", ",\"referrer\":\"https://x.example\"}")), "events[0].referrer"},
            {batch(search("lamp", now).replace("}", ",\"price\":3}")), "events[0].price"},
            {batch("{\"type\":\"view\",\"productId\":\"1\",\"category\":\"home\"}"), "events[0].occurredAt"},
            {batch(good.replace(IntakeTestSupport.at(now), "yesterday")), "events[0].occurredAt"},
            {batch(good.replace("12}", "\"12\"}")), "events[0].dwellSeconds"},
            {batch(good.replace("home/candles", "home//candles")), "events[0].category"},
            {batch(good) .replace("{\"events\"", "{\"extra\":1,\"events\""), "extra"},
            {"{\"events\":{}}", "events"},
        };
        for (Object[] c : cases) {
            post(subject, (String) c[0]).statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo(ProblemType.MALFORMED_BODY.uri()))
                    .body("field", equalTo(c[1]));
        }
        post(subject, "{\"events\":[").statusCode(400).contentType("application/problem+json");
        post(subject, "[]").statusCode(400).contentType("application/problem+json");
        post(subject, batch()).statusCode(422).body("field", equalTo("events"));
        post(subject, batch(Collections.nCopies(501, good).toArray(String[]::new))).statusCode(422)
                .body("field", equalTo("events"));
        assertEquals(0, held(subject));

        // 500 events, the largest batch, fit the body limit
        post(subject, batch(Collections.nCopies(500, good).toArray(String[]::new))).statusCode(202)
                .body("accepted.view", equalTo(500));
    }

    @Test
    void paymentDataRefusesTheWholeBatchWith422AndNothingIsStored() {
        String subject = newSubject();
        grantAll(subject, "browsing", "purchases", "search");
        Instant now = Instant.now();
        String good = view("85123A", "home/candles", now);
        Object[][] cases = {
            {purchase("1", "home", 3, now).replace("}", ",\"cardNumber\":\"x\"}"), "events[1].cardNumber"},
            {purchase("1", "home", 3, now).replace("}", ",\"cvv\":123}"), "events[1].cvv"},
            {purchase("1", "home", 3, now).replace("}", ",\"IBAN\":\"x\"}"), "events[1].IBAN"},
            {search("candles 4111 1111 1111 1111", now), "events[1].query"},
            {search("pay to DE89370400440532013000", now), "events[1].query"},
            {view("5500-0000-0000-0004", "home", now), "events[1].productId"},
        };
        for (Object[] c : cases) {
            post(subject, batch(good, (String) c[0])).statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo(ProblemType.INVALID_FIELD.uri()))
                    .body("field", equalTo(c[1]))
                    .body(not(containsString("4111")));
        }
        assertEquals(0, held(subject));
        // a 13-digit product id that is no card (not Luhn-valid) is an ordinary id
        post(subject, batch(view("4006381333931", "home", now))).statusCode(202).body("accepted.view", equalTo(1));
    }

    @Test
    void theRawQueryNeverReachesATableALogLineOrATopicAndTheRawSubjectIdNeverATable() throws Exception {
        String subject = newSubject();
        grantAll(subject, "browsing", "search");
        String productId = "P-" + UUID.randomUUID().toString().substring(0, 8);
        publishProduct(productId, "home/candles", List.of("White Candle", "vanilla scented"));
        Eventually.await("the catalog product in the vocabulary", ProfileTestSupport.TIMEOUT,
                () -> count(dataSource, "SELECT count(*) FROM catalog_product WHERE product_id = ?", productId) == 1);

        String marker = "zqx" + UUID.randomUUID().toString().replace("-", "");
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            org.jboss.logging.Logger.getLogger(getClass()).infof("log capture check %s", "canary");
            Instant now = Instant.now();
            post(subject, batch(search("white vanilla candles " + marker, now), view("85123A", "home/candles", now)))
                    .statusCode(202)
                    .body("accepted.search", equalTo(1))
                    .body(not(containsString(marker)));
            given().auth().oauth2(TestKeys.user(subject)).get(PROFILE).then().statusCode(200)
                    .body(not(containsString(marker)));
            // the snapshot reached the topic before the topics are searched
            IntakeTestSupport.snapshots(pseudonym(subject), 1);
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("canary")), "the log capture works");
        assertEquals(List.of(), logged.stream().filter(line -> line.contains(marker)).toList());

        // what the search kept: the catalog terms and the category its query matched
        String pseudonym = pseudonym(subject);
        assertEquals(3, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose = 'search' "
                + "AND kind = 'search-term' AND item IN ('white', 'vanilla', 'candle')", pseudonym));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose = 'search' "
                + "AND kind = 'search-category' AND item = 'home/candles'", pseudonym));
        assertEquals(4, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose = 'search'",
                pseudonym));

        try (Connection connection = TestDatabase.asSuperuser(DATABASE)) {
            assertEquals(List.of(), tablesContaining(connection, marker), "tables holding the raw query");
            assertEquals(List.of(), tablesContaining(connection, subject), "tables holding the raw subject id");
            assertTrue(!tablesContaining(connection, pseudonym).isEmpty(), "the pseudonym stands for the subject");
        }
        assertEquals(List.of(), topicsContaining(marker), "records holding the raw query");
        assertEquals(List.of(), topicsContaining(subject), "records holding the raw subject id");
    }

    @Test
    void aSearchMatchingNoVocabularyKeepsNothing() {
        String subject = newSubject();
        grantAll(subject, "search");
        post(subject, batch(search("qqqq wwww", Instant.now()))).statusCode(202)
                .body("accepted.search", equalTo(0))
                .body("dropped.find { it.type == 'search' }.reason", equalTo("no-match"));
        assertEquals(0, held(subject));
    }

    @Test
    void whileTheViewCatchesUpIntakeIsA503Problem() {
        String subject = newSubject();
        grantAll(subject, "browsing");
        reader.stop();
        try {
            post(subject, batch(view("1", "home", Instant.now()))).statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo(ProblemType.SERVICE_UNAVAILABLE.uri()));
        } finally {
            reader.start();
        }
        assertEquals(0, held(subject));
        Eventually.await("the view caught up", ProfileTestSupport.TIMEOUT,
                () -> post(subject, batch(view("1", "home", Instant.now()))).extract().statusCode() == 202);
    }

    @Test
    void intakeNeedsTheUserRole() {
        String subject = newSubject();
        given().contentType("application/json").body(batch(view("1", "home", Instant.now()))).post(IntakeTestSupport.ACTIVITY)
                .then().statusCode(401);
        given().auth().oauth2(TestKeys.partner(subject)).contentType("application/json")
                .body(batch(view("1", "home", Instant.now()))).post(IntakeTestSupport.ACTIVITY).then().statusCode(403);
    }
}
