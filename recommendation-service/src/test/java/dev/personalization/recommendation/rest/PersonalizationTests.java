package dev.personalization.recommendation.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.await;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.decision;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.feature;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.grant;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.newSubject;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.pseudonym;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.publish;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.publishFeatures;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.putProduct;
import static dev.personalization.recommendation.testing.RecommendationTestSupport.snapshot;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.consentview.service.ConsentViewService;
import dev.personalization.contracts.ConsentDecisionV1;
import dev.personalization.contracts.EventEnvelope;
import dev.personalization.contracts.ProfileFeaturesV1;
import dev.personalization.contracts.ProfileFeaturesV1.Feature;
import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKafka;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemException;
import dev.personalization.recommendation.service.Aggregates;
import dev.personalization.recommendation.service.RecommendationModel;
import dev.personalization.recommendation.service.SubjectStateCache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Features in from profile.features.v1 on the real broker, consent from signed decisions on the consent
 * topic, and the three outputs through the API: personalized only with their purpose, with reasons, never
 * from sensitive products, identical for everyone without consent; aggregates that count distinct subjects
 * and stay equal to a recomputation.
 */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "recommendation_svc_test"))
class PersonalizationTests {

    static final String BROWSING = "browsing";
    static final String PURCHASES = "purchases";
    static final String SEARCH = "search";

    @Inject
    DataSource dataSource;

    @Inject
    ConsentViewService consents;

    @Inject
    Aggregates aggregates;

    @Inject
    RecommendationModel models;

    @Inject
    SubjectStateCache subjectStates;

    private final String writer = TestKeys.partner("partner-" + UUID.randomUUID(), "catalog:write", "deals:write");

    @BeforeEach
    void caughtUp() {
        await("the consent view caught up", () -> {
            try {
                consents.requireCaughtUp();
                return true;
            } catch (ProblemException e) {
                return false;
            }
        });
    }

    private static String category() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private String product(String title, String category, String price, boolean sensitive) {
        String id = "p-" + UUID.randomUUID();
        putProduct(writer, id, "{\"title\": \"" + title + "\", \"category\": \"" + category + "\", \"price\": " + price
                + ", \"sensitive\": " + sensitive + "}").statusCode(201);
        models.refresh(); // what the model's scheduled refresh does within a second
        return id;
    }

    private void grantAll(String subject, String... purposes) {
        for (String purpose : purposes) {
            publish(grant(subject, purpose, 1));
        }
        for (String purpose : purposes) {
            await("the grant", () -> consents.permits(pseudonym(subject), purpose, Instant.now()));
        }
    }

    private void features(String subject, long version, List<Feature> features) {
        publishFeatures(snapshot(subject, version, features));
        awaitVersion(subject, version);
        models.refresh();
    }

    private void awaitVersion(String subject, long version) {
        await("snapshot " + version, () -> count(dataSource,
                "SELECT count(*) FROM subject_snapshot WHERE pseudonym = ? AND snapshot_version = ?",
                pseudonym(subject), version) == 1);
    }

    private static String get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).contentType("application/json")
                .extract().asString();
    }

    private static String user(String subject) {
        return TestKeys.user(subject);
    }

    @Test
    void onlyFeaturesStampedWithTheCurrentGrantAreKeptAndOlderSnapshotsChangeNothing() {
        String subject = newSubject();
        String key = pseudonym(subject);
        grantAll(subject, PURCHASES);
        features(subject, 5, List.of(
                feature(PURCHASES, "purchased-product", "kept", 2, 1),
                feature(PURCHASES, "purchased-product", "old-grant", 2, 0),
                feature(BROWSING, "category-affinity", "home", 2, 1),
                feature(BROWSING, "purchased-product", "wrong-purpose", 2, 1)));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", key));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ? AND item = 'kept'", key));

        EventEnvelope<ProfileFeaturesV1> older = snapshot(subject, 4, List.of());
        publishFeatures(older);
        EventEnvelope<ProfileFeaturesV1> newer = snapshot(subject, 6, List.of(
                feature(PURCHASES, "purchased-product", "kept", 2, 1),
                feature(PURCHASES, "purchased-product", "second", 1, 1)));
        publishFeatures(newer);
        awaitVersion(subject, 6);
        assertEquals(1, count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?", older.id()));
        assertEquals(2, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", key));
        // the same event again (a redelivery) and an older snapshot: nothing changes
        publishFeatures(newer);
        publishFeatures(snapshot(subject, 5, List.of()));
        EventEnvelope<ProfileFeaturesV1> marker = snapshot(newSubject(), 1, List.of());
        publishFeatures(marker);
        await("the marker", () -> count(dataSource, "SELECT count(*) FROM processed_event WHERE event_id = ?",
                marker.id()) == 1);
        assertEquals(2, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", key));

        // the next snapshot drops one feature, changes another and adds a third: the rows follow it exactly
        features(subject, 7, List.of(
                feature(PURCHASES, "purchased-product", "second", 3, 1),
                feature(PURCHASES, "purchased-product", "third", 1, 1)));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ? AND item = 'kept'", key));
        assertEquals(3000, count(dataSource,
                "SELECT round(weight * 1000) FROM subject_feature WHERE pseudonym = ? AND item = 'second'", key));
        assertEquals(2, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", key));
        assertEquals(aggregates.recomputed(), aggregates.maintained());

        publish(decision(subject, PURCHASES, ConsentDecisionV1.WITHDRAWN, 2, null));
        await("the purge", () -> count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", key) == 0);
    }

    @Test
    void theFeatureReaderOutlivesALostBrokerAndRecommendationsAreRefusedRatherThanGuessedMeanwhile() {
        String subject = newSubject();
        String key = pseudonym(subject);
        grantAll(subject, PURCHASES);
        features(subject, 1, List.of(feature(PURCHASES, "purchased-product", "before-outage", 1, 1)));

        TestKafka.stop();
        try {
            // cut off from the consent topic, the view cannot know of a withdrawal: 503, not a guess
            await("recommendations refused while the consent view has lost the broker", () ->
                    given().auth().oauth2(user(subject)).get("/api/recommendations/me").statusCode() == 503);
            given().auth().oauth2(user(subject)).get("/api/recommendations/me").then()
                    .statusCode(503).contentType("application/problem+json");
        } finally {
            TestKafka.start();
        }

        // the same reader (no restart of the service) applies the next snapshot once the broker is back
        features(subject, 2, List.of(feature(PURCHASES, "purchased-product", "after-outage", 1, 1)));
        assertEquals(1, count(dataSource,
                "SELECT count(*) FROM subject_feature WHERE pseudonym = ? AND item = 'after-outage'", key));
        assertEquals(0, count(dataSource,
                "SELECT count(*) FROM subject_feature WHERE pseudonym = ? AND item = 'before-outage'", key));
        given().auth().oauth2(user(subject)).get("/api/recommendations/me").then().statusCode(200);
    }

    @Test
    void buyAgainAndDiscoverSayWhyAndFallBackAfterWithdrawal() {
        String category = category();
        String candle = product("Vanilla candle", category + "/candles", "4", false);
        String holder = product("Candle holder", category + "/candles", "6", false);
        String secret = product("Private item", category + "/candles", "6", true);
        String subject = newSubject();
        grantAll(subject, BROWSING, PURCHASES);
        features(subject, 1, List.of(
                feature(PURCHASES, "purchased-product", candle, 3.2, 1),
                feature(PURCHASES, "purchased-product", secret, 5, 1),
                feature(BROWSING, "category-affinity", category + "/candles", 4, 1)));
        JsonPath body = JsonPath.from(get(user(subject), "/api/recommendations/me?limit=50"));
        assertTrue(body.getBoolean("personalized"));
        assertEquals(List.of(candle), body.getList("buyAgain.id"));
        assertEquals("purchases", body.getString("buyAgain[0].reasons[0].purpose"));
        assertEquals("you bought this about 3 times lately", body.getString("buyAgain[0].reasons[0].text"));
        List<String> discover = body.getList("discover.id");
        assertTrue(discover.contains(holder), discover.toString());
        assertFalse(discover.contains(secret), "a sensitive product is never recommended on inferred interest");
        assertFalse(discover.contains(candle), "discover is about what is new to the shopper");
        int at = discover.indexOf(holder);
        assertEquals("browsing", body.getString("discover[" + at + "].reasons[0].purpose"));
        assertEquals("you often look at candles", body.getString("discover[" + at + "].reasons[0].text"));

        publish(decision(subject, BROWSING, ConsentDecisionV1.WITHDRAWN, 2, null));
        publish(decision(subject, PURCHASES, ConsentDecisionV1.WITHDRAWN, 2, null));
        await("the withdrawals", () -> !consents.permits(pseudonym(subject), BROWSING, Instant.now())
                && !consents.permits(pseudonym(subject), PURCHASES, Instant.now()));
        String after = get(user(subject), "/api/recommendations/me?limit=50");
        assertFalse(JsonPath.from(after).getBoolean("personalized"));
        assertEquals(get(user(newSubject()), "/api/recommendations/me?limit=50"), after);
    }

    @Test
    void aChangeAnotherReplicaCommitsReachesTheNextAnswerThoughTheSubjectIsHeldInMemory() throws Exception {
        String category = category();
        String candle = product("Tea light", category + "/candles", "3", false);
        String subject = newSubject();
        grantAll(subject, BROWSING, PURCHASES);
        features(subject, 1, List.of(feature(PURCHASES, "purchased-product", candle, 2, 1)));
        assertTrue(subjectStates.coherent(), "the subject_changed listener is in place");
        assertTrue(JsonPath.from(get(user(subject), "/api/recommendations/me")).getBoolean("personalized"));
        assertTrue(JsonPath.from(get(user(subject), "/api/recommendations/me")).getBoolean("personalized"),
                "answered from memory this time");

        // what another replica's consent reader commits: no event in this JVM, only the row and its NOTIFY
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement withdraw = connection.prepareStatement("UPDATE consent_view SET state = ?,"
                     + " consent_version = consent_version + 1 WHERE pseudonym = ?")) {
            withdraw.setString(1, ConsentDecisionV1.WITHDRAWN);
            withdraw.setString(2, pseudonym(subject));
            assertEquals(2, withdraw.executeUpdate());
        }
        // the state would otherwise stay in memory for recommendation.cache.state-ttl (a minute)
        await("the notification", () -> !JsonPath.from(get(user(subject), "/api/recommendations/me"))
                .getBoolean("personalized"));
        assertEquals(get(user(newSubject()), "/api/recommendations/me"), get(user(subject), "/api/recommendations/me"));
    }

    @Test
    void partnersReadRecommendationsOnlyWithTheScopeAndPersonalizedOnlyWithConsent() {
        String category = category();
        String candle = product("Beeswax candle", category, "4", false);
        String consenting = newSubject();
        grantAll(consenting, PURCHASES);
        features(consenting, 1, List.of(feature(PURCHASES, "purchased-product", candle, 2, 1)));
        String reader = TestKeys.partner("partner-" + UUID.randomUUID(), "recommendations:read");
        JsonPath body = JsonPath.from(get(reader, "/api/partner/recommendations/" + consenting));
        assertTrue(body.getBoolean("personalized"));
        assertEquals(List.of(candle), body.getList("buyAgain.id"));
        JsonPath other = JsonPath.from(get(reader, "/api/partner/recommendations/" + newSubject()));
        assertFalse(other.getBoolean("personalized"));
        given().auth().oauth2(TestKeys.partner("p-" + UUID.randomUUID(), "catalog:write"))
                .get("/api/partner/recommendations/" + consenting).then().statusCode(403);
        given().auth().oauth2(user(consenting)).get("/api/partner/recommendations/" + consenting).then().statusCode(403);
        given().auth().oauth2(user(consenting)).get("/api/recommendations/me?limit=0").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void dealsFollowPurchasesButNeverTheItemJustBought() {
        String category = category();
        String bought = product("Pillar candle", category + "/candles", "8", false);
        String other = product("Taper candle", category + "/candles", "9", false);
        String pricey = product("Crystal candle", category + "/candles", "400", false);
        String sensitive = product("Private candle", category + "/candles", "8", true);
        Instant from = Instant.now().minusSeconds(3600);
        Instant until = Instant.now().plusSeconds(86_400);
        String dealBought = deal("{\"productId\": \"" + bought + "\"", 30, from, until);
        String dealOther = deal("{\"productId\": \"" + other + "\"", 10, from, until);
        String dealPricey = deal("{\"productId\": \"" + pricey + "\"", 15, from, until);
        String dealSensitive = deal("{\"productId\": \"" + sensitive + "\"", 12, from, until);
        String dealCategory = deal("{\"category\": \"" + category + "\"", 5, from, until);
        String expired = deal("{\"category\": \"" + category + "\"", 50, from.minusSeconds(90_000), from);

        String subject = newSubject();
        grantAll(subject, PURCHASES);
        features(subject, 1, List.of(
                feature(PURCHASES, "purchased-product", bought, 1, 1),
                feature(PURCHASES, "purchased-category", category + "/candles", 2, 1),
                feature(PURCHASES, "price-band", "5-20", 1, 1)));
        JsonPath body = JsonPath.from(get(user(subject), "/api/deals/me?limit=50"));
        assertTrue(body.getBoolean("personalized"));
        List<String> ids = body.getList("deals.id");
        assertFalse(ids.contains(dealBought), "never the item just bought");
        assertFalse(ids.contains(expired));
        List<String> personal = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if ("purchases".equals(body.getString("deals[" + i + "].reasons[0].purpose"))) {
                personal.add(ids.get(i));
            }
        }
        assertEquals(Set.of(dealOther, dealCategory), Set.copyOf(personal));
        assertTrue(ids.indexOf(dealOther) < ids.indexOf(dealPricey));
        assertFalse(personal.contains(dealSensitive));

        JsonPath anonymous = JsonPath.from(get(user(newSubject()), "/api/deals/me?limit=50"));
        assertFalse(anonymous.getBoolean("personalized"));
        assertTrue(anonymous.getList("deals.id").contains(dealBought));
    }

    private String deal(String target, int percent, Instant from, Instant until) {
        String id = "deal-" + UUID.randomUUID();
        given().auth().oauth2(writer).contentType("application/json").body(target + ", \"percentOff\": " + percent
                + ", \"validFrom\": \"" + from + "\", \"validUntil\": \"" + until + "\"}").put("/api/deals/" + id)
                .then().statusCode(201);
        return id;
    }

    @Test
    void searchIsRelevanceFirstAndReRankedOnlyWithTheSearchPurpose() {
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String lamps = category();
        String candles = category();
        String exact = product(word + " " + word + " lamp", lamps, "10", false);
        String candle = product(word + " candle", candles, "10", false);
        String anonymous = get(user(newSubject()), "/api/search?q=" + word + "&limit=10");
        assertEquals(List.of(exact, candle), JsonPath.from(anonymous).getList("results.id"));
        assertFalse(JsonPath.from(anonymous).getBoolean("personalized"));

        String subject = newSubject();
        List<Feature> searched = List.of(feature(SEARCH, "search-category", candles, 3, 1));
        features(subject, 1, searched);
        assertEquals(anonymous, get(user(subject), "/api/search?q=" + word + "&limit=10"),
                "without the search purpose, no re-ranking");
        grantAll(subject, SEARCH);
        features(subject, 2, searched);
        JsonPath body = JsonPath.from(get(user(subject), "/api/search?q=" + word + "&limit=10"));
        assertTrue(body.getBoolean("personalized"));
        assertEquals(List.of(candle, exact), body.getList("results.id"));
        assertEquals("search", body.getString("results[0].reasons[1].purpose"));

        given().auth().oauth2(user(subject)).get("/api/search").then().statusCode(400).body("field",
                org.hamcrest.Matchers.equalTo("q"));
        given().auth().oauth2(user(subject)).queryParam("q", "x".repeat(201)).get("/api/search").then().statusCode(400)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("xxxx")));
    }

    /**
     * Without the purpose, no influence: for many random pairs of subjects with different histories, the
     * outputs whose purposes neither granted are byte for byte the same.
     */
    @Test
    void withoutConsentTheOutputIsIdenticalForAnyTwoSubjects() {
        Random random = new Random(20260901);
        String category = category();
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            products.add(product("Shared item " + i, category + "/s" + (i % 3), Integer.toString(3 + i * 7), i == 5));
        }
        String[] purposes = {BROWSING, PURCHASES, SEARCH};
        List<String> subjects = new ArrayList<>();
        List<Set<String>> granted = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String subject = newSubject();
            Set<String> grants = new java.util.HashSet<>();
            for (String purpose : purposes) {
                if (random.nextInt(3) == 0) {
                    grants.add(purpose);
                    publish(grant(subject, purpose, 1));
                }
            }
            subjects.add(subject);
            granted.add(grants);
        }
        for (int i = 0; i < subjects.size(); i++) {
            for (String purpose : granted.get(i)) {
                String subject = subjects.get(i);
                await("grants", () -> consents.permits(pseudonym(subject), purpose, Instant.now()));
            }
        }
        for (String subject : subjects) {
            List<Feature> features = new ArrayList<>();
            for (int j = 0; j < 1 + random.nextInt(6); j++) {
                String item = products.get(random.nextInt(products.size()));
                double weight = 0.5 + random.nextInt(40) / 10.0;
                features.add(feature(PURCHASES, "purchased-product", item, weight, 1));
                features.add(feature(BROWSING, "viewed-product", item, weight, 1));
                features.add(feature(PURCHASES, "purchased-category", category + "/s" + random.nextInt(3), weight, 1));
                features.add(feature(PURCHASES, "price-band", random.nextBoolean() ? "under-5" : "20-50", weight, 1));
                features.add(feature(BROWSING, "category-affinity", category + "/s" + random.nextInt(3), weight, 1));
                features.add(feature(SEARCH, "search-term", "shared", weight, 1));
                features.add(feature(SEARCH, "search-category", category + "/s" + random.nextInt(3), weight, 1));
            }
            publishFeatures(snapshot(subject, 1, features.stream().distinct().toList()));
        }
        for (String subject : subjects) {
            awaitVersion(subject, 1);
        }
        models.refresh();
        deal("{\"category\": \"" + category + "/s1\"", 10, Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400));
        String[][] outputs = {
            {"/api/recommendations/me?limit=20", BROWSING, PURCHASES},
            {"/api/deals/me?limit=20", PURCHASES},
            {"/api/search?q=shared+item&limit=20", SEARCH},
        };
        for (String[] output : outputs) {
            Set<String> needs = Set.of(output).stream().filter(s -> !s.startsWith("/")).collect(
                    java.util.stream.Collectors.toSet());
            List<String> without = new ArrayList<>();
            for (int i = 0; i < subjects.size(); i++) {
                if (granted.get(i).stream().noneMatch(needs::contains)) {
                    without.add(subjects.get(i));
                }
            }
            assertTrue(without.size() >= 10, "enough subjects without " + needs + ": " + without.size());
            String first = null;
            for (int pair = 0; pair < 50; pair++) {
                String a = without.get(random.nextInt(without.size()));
                String b = without.get(random.nextInt(without.size()));
                String bodyA = get(user(a), output[0]);
                String bodyB = get(user(b), output[0]);
                assertEquals(bodyA, bodyB, output[0] + " differs between two subjects without " + needs);
                assertFalse(JsonPath.from(bodyA).getBoolean("personalized"));
                first = first == null ? bodyA : first;
                assertEquals(first, bodyA);
                assertFalse(bodyA.contains("\"purpose\""), "no personal reason without consent");
            }
        }
        assertEquals(aggregates.recomputed(), aggregates.maintained());
    }

    @Test
    void popularityNeedsKDistinctSubjectsAndStaysEqualToARecomputation() {
        String category = category();
        String item = product("Rare item", category, "5", false);
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String subject = newSubject();
            buyers.add(subject);
            grantAll(subject, PURCHASES);
            // a heavy buyer contributes no more than the cap, and one subject counts once
            features(subject, 1, List.of(feature(PURCHASES, "purchased-product", item, i == 0 ? 50 : 1, 1)));
            long subjects = count(dataSource, "SELECT coalesce(max(subjects), 0) FROM item_popularity WHERE product_id = ?",
                    item);
            assertEquals(i + 1, subjects);
            boolean shownPopular = popularIn(get(user(newSubject()), "/api/recommendations/me?limit=50"), item);
            assertEquals(i + 1 >= 5, shownPopular, "popular only with k = 5 distinct subjects, at " + (i + 1));
        }
        assertEquals(3000 + 4 * 1000, count(dataSource, "SELECT units FROM item_popularity WHERE product_id = ?", item));
        assertEquals(aggregates.recomputed(), aggregates.maintained());

        String leaving = buyers.get(2);
        publish(decision(leaving, PURCHASES, ConsentDecisionV1.WITHDRAWN, 2, null));
        await("the withdrawal", () -> count(dataSource,
                "SELECT subjects FROM item_popularity WHERE product_id = ?", item) == 4);
        models.refresh();
        assertFalse(popularIn(get(user(newSubject()), "/api/recommendations/me?limit=50"), item));
        assertEquals(aggregates.recomputed(), aggregates.maintained());
        assertEquals(0, count(dataSource, "SELECT count(*) FROM subject_feature WHERE pseudonym = ?", pseudonym(leaving)));

        // the others withdraw back to back, most likely read in one poll: their purges share one transaction and
        // apply their changes to the aggregates together; the row goes with its last subject
        for (String buyer : buyers) {
            if (!buyer.equals(leaving)) {
                publish(decision(buyer, PURCHASES, ConsentDecisionV1.WITHDRAWN, 2, null));
            }
        }
        await("the withdrawals", () -> count(dataSource,
                "SELECT count(*) FROM item_popularity WHERE product_id = ?", item) == 0);
        assertEquals(aggregates.recomputed(), aggregates.maintained());
    }

    /**
     * Discover from the item-item weights learnt in the background over every subject's held features: what
     * at least k subjects bought together is recommended with its reason; what fewer bought together is not
     * learnt at all; and a catalog change (a product turned sensitive) reaches the cached answer.
     */
    @Test
    void discoverUsesWhatKSubjectsBoughtTogetherAndTheCacheFollowsChanges() {
        String category = category();
        String tent = product("Garden tent", category + "/garden", "40", false);
        String pegs = product("Tent pegs", category + "/garden", "3", false);
        String lantern = product("Camping lantern", category + "/garden", "12", false);
        for (int i = 0; i < 5; i++) {
            String buyer = newSubject();
            grantAll(buyer, PURCHASES);
            List<Feature> bought = new ArrayList<>(List.of(feature(PURCHASES, "purchased-product", tent, 1, 1),
                    feature(PURCHASES, "purchased-product", pegs, 1, 1)));
            if (i < 4) {
                bought.add(feature(PURCHASES, "purchased-product", lantern, 1, 1)); // 4 < k buyers of the lantern
            }
            features(buyer, 1, bought);
        }
        models.train(); // the scheduled training's step
        String subject = newSubject();
        grantAll(subject, PURCHASES);
        features(subject, 1, List.of(feature(PURCHASES, "purchased-product", tent, 1, 1)));
        JsonPath body = JsonPath.from(get(user(subject), "/api/recommendations/me?limit=5"));
        assertTrue(body.getBoolean("personalized"));
        assertEquals(pegs, body.getString("discover[0].id"));
        assertEquals("purchases", body.getString("discover[0].reasons[0].purpose"));
        assertEquals("shoppers who bought Garden tent, as you did, also bought this",
                body.getString("discover[0].reasons[0].text"));
        List<String> discover = body.getList("discover.id");
        int at = discover.indexOf(lantern);
        assertTrue(at < 0 || !body.getString("discover[" + at + "].reasons[0].text").contains("also bought"),
                "an item fewer than k subjects bought is not learnt from");
        assertEquals(body.prettify(), JsonPath.from(get(user(subject), "/api/recommendations/me?limit=5")).prettify());

        putProduct(writer, pegs, "{\"title\": \"Tent pegs\", \"category\": \"" + category
                + "/garden\", \"price\": 3, \"sensitive\": true}").statusCode(200);
        models.refresh();
        assertFalse(JsonPath.from(get(user(subject), "/api/recommendations/me?limit=5")).getList("discover.id")
                .contains(pegs), "a product turned sensitive leaves the cached answer");
        features(subject, 2, List.of(feature(PURCHASES, "purchased-product", tent, 1, 1),
                feature(PURCHASES, "purchased-product", lantern, 1, 1)));
        assertEquals(Set.of(tent, lantern), Set.copyOf(JsonPath.from(get(user(subject),
                "/api/recommendations/me?limit=5")).getList("buyAgain.id")), "a new snapshot reaches the answer at once");
    }

    private static boolean popularIn(String body, String item) {
        JsonPath json = JsonPath.from(body);
        List<String> ids = json.getList("discover.id");
        int at = ids.indexOf(item);
        return at >= 0 && "popular with many shoppers lately".equals(json.getString("discover[" + at + "].reasons[0].text"));
    }
}
