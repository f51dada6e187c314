package dev.personalization.consent.rest;

import static dev.personalization.consent.testing.ConsentTestSupport.decide;
import static dev.personalization.consent.testing.ConsentTestSupport.newSubject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.personalization.infra.testing.SuiteTestResource;
import dev.personalization.infra.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/consents/me/history, page by page: every entry and partner read once, oldest first. */
@QuarkusTest
@QuarkusTestResource(value = SuiteTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent_test"))
class HistoryPagingTests {

    @Test
    void pagesReturnEveryEntryAndEveryPartnerReadExactlyOnceOldestFirst() {
        String subject = newSubject();
        for (int i = 0; i < 7; i++) {
            decide(subject, List.of("browsing", "search", "purchases").get(i % 3), i % 2 == 0).statusCode(200);
        }
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(TestKeys.partner("partner-" + i, "consent:read")).queryParam("purpose", "search")
                    .get("/api/partner/consents/" + subject).then().statusCode(200);
        }

        List<Integer> entryIds = new ArrayList<>();
        List<String> readers = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestKeys.user(subject)).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/consents/me/history").then()
                    .statusCode(200)
                    .body("subject", equalTo(subject))
                    .extract().jsonPath();
            List<Integer> ids = page.getList("entries.id", Integer.class);
            List<String> partners = page.getList("partnerReads.partner", String.class);
            assertTrue(ids.size() <= 3 && partners.size() <= 3, "a page holds at most limit of each");
            entryIds.addAll(ids);
            readers.addAll(partners);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(3, pages);
        assertEquals(7, entryIds.size());
        assertEquals(7, entryIds.stream().distinct().count());
        assertEquals(entryIds.stream().sorted().toList(), entryIds, "oldest first");
        assertEquals(List.of("partner-0", "partner-1", "partner-2", "partner-3"), readers);

        // without a limit: the default page size (50) holds it all, and there is no next page
        given().auth().oauth2(TestKeys.user(subject)).get("/api/consents/me/history").then()
                .statusCode(200)
                .body("entries.size()", equalTo(7))
                .body("partnerReads.size()", equalTo(4))
                .body("$", not(hasKey("nextCursor")));
    }

    @Test
    void aCursorChangedInAnyWayOrTakenFromAnotherSubjectIsA400NamingIt() {
        String subject = newSubject();
        for (int i = 0; i < 3; i++) {
            decide(subject, "browsing", i % 2 == 0).statusCode(200);
        }
        String token = TestKeys.user(subject);
        String cursor = given().auth().oauth2(token).queryParam("limit", 1).get("/api/consents/me/history").then()
                .statusCode(200).extract().path("nextCursor");
        assertNotNull(cursor);
        given().auth().oauth2(token).queryParam("limit", 1).queryParam("cursor", cursor)
                .get("/api/consents/me/history").then().statusCode(200).body("entries.size()", equalTo(1));

        List<String> tampered = new ArrayList<>();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < cursor.length(); i++) {
            char replacement = alphabet.charAt((alphabet.indexOf(cursor.charAt(i)) + 1) % alphabet.length());
            tampered.add(cursor.substring(0, i) + replacement + cursor.substring(i + 1));
        }
        tampered.addAll(List.of(cursor + "A", cursor.substring(1), "", "not a cursor", "AAAA"));
        for (String bad : tampered) {
            given().auth().oauth2(token).urlEncodingEnabled(false)
                    .get("/api/consents/me/history?limit=1&cursor=" + URLEncoder.encode(bad, StandardCharsets.UTF_8)).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("cursor"));
        }
        // another subject cannot use it, even though it is well formed
        given().auth().oauth2(TestKeys.user(newSubject())).queryParam("cursor", cursor)
                .get("/api/consents/me/history").then()
                .statusCode(400)
                .body("field", equalTo("cursor"));
    }

    @Test
    void aLimitOutsideOneToTheMaximumIsA400NamingIt() {
        String token = TestKeys.user(newSubject());
        for (String limit : new String[] {"0", "-1", "201", "abc", "1.5", "", "99999999999"}) {
            given().auth().oauth2(token).urlEncodingEnabled(false)
                    .get("/api/consents/me/history?limit=" + URLEncoder.encode(limit, StandardCharsets.UTF_8)).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("limit"));
        }
        given().auth().oauth2(token).queryParam("limit", 200).get("/api/consents/me/history").then().statusCode(200);
    }
}
