package dev.personalization.profile.rest;

import static dev.personalization.infra.testing.TestDatabase.count;
import static dev.personalization.profile.testing.IntakeTestSupport.DATABASE;
import static dev.personalization.profile.testing.IntakeTestSupport.PROFILE;
import static dev.personalization.profile.testing.IntakeTestSupport.batch;
import static dev.personalization.profile.testing.IntakeTestSupport.grantAll;
import static dev.personalization.profile.testing.IntakeTestSupport.post;
import static dev.personalization.profile.testing.IntakeTestSupport.purchase;
import static dev.personalization.profile.testing.IntakeTestSupport.view;
import static dev.personalization.profile.testing.ProfileTestSupport.newSubject;
import static dev.personalization.profile.testing.ProfileTestSupport.pseudonym;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import dev.personalization.kit.problem.ProblemType;
import dev.personalization.profile.service.RetentionPolicy;
import dev.personalization.profile.testing.MovableClock;
import dev.personalization.profile.testing.ProfileTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Retention: the scheduled purge past each purpose's window, and the shopper's shorter window applied at once. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = DATABASE))
class RetentionTests {

    @Inject
    DataSource dataSource;

    @Inject
    RetentionPolicy retention;

    @Inject
    MovableClock clock;

    private long held(String subject, String purpose) {
        return count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND purpose = ?",
                pseudonym(subject), purpose);
    }

    private JsonPath profile(String subject) {
        return given().auth().oauth2(TestKeys.user(subject)).get(PROFILE).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theScheduledPurgeDeletesDataPastEachPurposesWindow() {
        String subject = newSubject();
        // a grant that outlives the clock moves below
        ProfileTestSupport.publish(ProfileTestSupport.decision(subject, "browsing", "granted", 1,
                Instant.now().plus(Duration.ofDays(400))));
        ProfileTestSupport.publish(ProfileTestSupport.decision(subject, "purchases", "granted", 1,
                Instant.now().plus(Duration.ofDays(400))));
        ProfileTestSupport.awaitConsents(subject, ProfileTestSupport.hasPurpose("browsing", "granted", 1));
        ProfileTestSupport.awaitConsents(subject, ProfileTestSupport.hasPurpose("purchases", "granted", 1));
        Instant now = Instant.now();
        post(subject, batch(view("1", "home", now), purchase("2", "home", 30, now))).statusCode(202)
                .body("accepted.view", equalTo(1)).body("accepted.purchase", equalTo(1));
        try {
            clock.advance(Duration.ofDays(29));
            retention.purge();
            assertEquals(2, held(subject, "browsing"));
            clock.advance(Duration.ofDays(2));
            retention.purge();
            // browsing's 30 days are over; purchases keeps 180
            assertEquals(0, held(subject, "browsing"));
            assertEquals(3, held(subject, "purchases"));
            assertEquals(List.of(), profile(subject).getList("purposes.find { it.purpose == 'browsing' }.data"));
            clock.advance(Duration.ofDays(150));
            retention.purge();
            assertEquals(0, held(subject, "purchases"));
        } finally {
            clock.reset();
        }
    }

    @Test
    void aShorterWindowChosenByTheShopperAppliesAtOnce() {
        String subject = newSubject();
        grantAll(subject, "browsing");
        Instant now = Instant.now();
        post(subject, batch(view("recent", "home", now), view("older", "home", now.minus(Duration.ofDays(10)))))
                .statusCode(202).body("accepted.view", equalTo(2));
        assertEquals(3, held(subject, "browsing"));

        given().auth().oauth2(TestKeys.user(subject)).contentType("application/json").body("{\"days\": 7}")
                .put(PROFILE + "/retention/browsing").then()
                .statusCode(200)
                .body("purpose", equalTo("browsing"))
                .body("retentionDays", equalTo(7))
                .body("defaultRetentionDays", equalTo(30))
                .body("retentionChosen", equalTo(true));
        // the product viewed 10 days ago is past the 7-day window now; the affinity was seen today
        assertEquals(0, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND item = 'older'",
                pseudonym(subject)));
        assertEquals(2, held(subject, "browsing"));
        assertEquals(2, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? "
                + "AND expires_at = last_seen + interval '7 days'", pseudonym(subject)));
        JsonPath profile = profile(subject);
        assertEquals(7, profile.getInt("purposes.find { it.purpose == 'browsing' }.retentionDays"));
        // what comes in later is kept for the chosen window too, and older events are invalid
        post(subject, batch(view("new", "home", Instant.now()), view("late", "home", now.minus(Duration.ofDays(8)))))
                .statusCode(202).body("accepted.view", equalTo(1))
                .body("dropped.find { it.type == 'view' }.reason", equalTo("invalid"));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM profile_datum WHERE pseudonym = ? AND item = 'new' "
                + "AND expires_at = last_seen + interval '7 days'", pseudonym(subject)));
    }

    @Test
    void aLongerWindowAnUnknownPurposeOrABadBodyAreRefused() {
        String subject = newSubject();
        String token = TestKeys.user(subject);
        given().auth().oauth2(token).contentType("application/json").body("{\"days\": 31}")
                .put(PROFILE + "/retention/browsing").then().statusCode(422)
                .contentType("application/problem+json").body("field", equalTo("days"));
        given().auth().oauth2(token).contentType("application/json").body("{\"days\": 0}")
                .put(PROFILE + "/retention/search").then().statusCode(422).body("field", equalTo("days"));
        given().auth().oauth2(token).contentType("application/json").body("{\"days\": null}")
                .put(PROFILE + "/retention/search").then().statusCode(422).body("field", equalTo("days"))
                .body("detail", equalTo("days is required: a window from 1 to 90 days"));
        given().auth().oauth2(token).contentType("application/json").body("{}")
                .put(PROFILE + "/retention/search").then().statusCode(422).body("field", equalTo("days"))
                .body("detail", equalTo("days is required: a window from 1 to 90 days"));
        given().auth().oauth2(token).contentType("application/json").body("{\"days\": 5}")
                .put(PROFILE + "/retention/location").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        given().auth().oauth2(token).contentType("application/json").body("{\"days\": 5, \"forever\": true}")
                .put(PROFILE + "/retention/search").then().statusCode(400).body("field", equalTo("forever"));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM retention_choice WHERE pseudonym = ?", pseudonym(subject)));
    }
}
